import Foundation

/// Which days are working days (工作日): Monday to Friday, minus the official days off,
/// plus the adjusted working days (调休) that fall on weekends, as the State Council
/// publishes them year by year (the catalogue's `calendar/<year>.json`).
///
/// Decision, past the published years: a date in a year the calendar does not cover
/// counts by the weekday rule alone (Monday to Friday). The notice for a year appears
/// only weeks before it starts, so a deadline running into an unpublished year must
/// still be computable; counting no holidays there can only make such a deadline
/// earlier than the real one, which errs towards the applicant (a department is warned
/// early, never late). `covers(_:)` says whether a date was counted from the published
/// facts, so the hub can warn an operator when the calendar runs out.
public struct WorkingCalendar: Sendable, Hashable {
    /// Days off on what would be working days, as days since 1970-01-01.
    let daysOff: Set<Int>
    /// Weekend days that are working days.
    let adjustedWorkingDays: Set<Int>
    /// The published years, nil for an empty calendar (weekday rule everywhere).
    public let years: ClosedRange<Int>?

    /// The weekday rule everywhere: what a catalogue without calendar files gets.
    public static let weekdaysOnly = WorkingCalendar(daysOff: [], adjustedWorkingDays: [], years: nil)

    init(daysOff: Set<Int>, adjustedWorkingDays: Set<Int>, years: ClosedRange<Int>?) {
        self.daysOff = daysOff
        self.adjustedWorkingDays = adjustedWorkingDays
        self.years = years
    }

    /// True when the date's year is one the calendar's facts were published for.
    public func covers(_ date: CivilDate) -> Bool { years?.contains(date.year) ?? false }

    /// The first date from `date` on, within `days`, that the calendar does not cover;
    /// nil when the published years reach that far. The hub warns with it at start-up:
    /// limits running into an unpublished year count weekdays only there.
    public func firstUncoveredDate(from date: CivilDate, within days: Int) -> CivilDate? {
        guard let years, years.contains(date.year) else { return date }
        let horizon = date.adding(days: max(0, days))
        guard horizon.year > years.upperBound, let firstAfter = CivilDate(year: years.upperBound + 1, month: 1, day: 1) else { return nil }
        return firstAfter
    }

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        let day = date.daysSinceEpoch
        if adjustedWorkingDays.contains(day) { return true }
        if daysOff.contains(day) { return false }
        return !Self.isWeekend(day)
    }

    /// The `count`th working day after `date` (the day itself never counts: a limit is
    /// counted from the day after the clock starts, as the Administrative Licensing Law
    /// and the State Council's notices count periods). `count` 0 is `date` itself.
    public func workingDay(_ count: Int, after date: CivilDate) -> CivilDate {
        var day = date
        var left = max(0, count)
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Working days `d` with `from < d <= to`: 0 for the same day, 1 for the next
    /// working day, and so on (the same count `workingDay(_:after:)` steps through).
    /// Negative when `to` is before `from`.
    public func workingDays(from: CivilDate, to: CivilDate) -> Int {
        if to < from { return -workingDays(from: to, to: from) }
        var count = 0
        var day = from.daysSinceEpoch + 1
        let end = to.daysSinceEpoch
        while day <= end {
            if isWorkingDay(CivilDate(daysSinceEpoch: day)) { count += 1 }
            day += 1
        }
        return count
    }

    /// 1970-01-01 was a Thursday.
    static func isWeekend(_ daysSinceEpoch: Int) -> Bool {
        let weekday = ((daysSinceEpoch % 7) + 7 + 3) % 7   // 0 Monday ... 6 Sunday
        return weekday >= 5
    }
}
