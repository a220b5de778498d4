import Foundation
import Testing
@testable import OneThingExchange

/// Working-day arithmetic with the catalogue's calendar (Topics/calendar/), across the
/// 2026 Spring Festival and National Day with their adjusted working weekends, and past
/// the last published year.
@Suite struct WorkingCalendarTests {
    let calendar: WorkingCalendar
    init() throws { calendar = try Catalogue.load(files: Fixtures.files(under: Fixtures.topics)).calendar }

    // swiftlint:disable:next force_unwrapping
    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// Instant at a China-time wall clock.
    func instant(_ date: String, hour: Int, minute: Int = 0) -> Date {
        WorkingCalendar.startOfDay(day(date)).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    @Test func publishedYearsAreCovered() throws {
        #expect(calendar.years == 2025...2026)
        #expect(calendar.covers(day("2025-01-01")) && calendar.covers(day("2026-12-31")))
        #expect(!calendar.covers(day("2027-01-01")) && !calendar.covers(day("2024-12-31")))
    }

    @Test func springFestival2026AndItsAdjustedSaturdays() throws {
        #expect(calendar.isWorkingDay(day("2026-02-13")))          // Friday
        #expect(calendar.isWorkingDay(day("2026-02-14")))          // Saturday, adjusted
        for date in 15...23 { #expect(!calendar.isWorkingDay(day("2026-02-\(date)")), "02-\(date) is off") }
        #expect(calendar.isWorkingDay(day("2026-02-24")))
        #expect(calendar.isWorkingDay(day("2026-02-28")))          // Saturday, adjusted
        #expect(!calendar.isWorkingDay(day("2026-03-01")))         // an ordinary Sunday
        // The specification's example: accepted Friday 2026-02-13, 15 working days.
        let accepted = day("2026-02-13")
        #expect(calendar.workingDay(1, after: accepted) == (day("2026-02-14")))
        #expect(calendar.workingDay(2, after: accepted) == (day("2026-02-24")))
        #expect(calendar.workingDay(15, after: accepted) == (day("2026-03-12")))
        #expect(calendar.workingDays(from: accepted, to: day("2026-03-12")) == 15)
        #expect(calendar.workingDays(from: accepted, to: day("2026-02-23")) == 1)
    }

    @Test func nationalDay2026AndItsAdjustedWeekends() throws {
        #expect(calendar.isWorkingDay(day("2026-09-20")))          // Sunday, adjusted
        for date in 1...7 { #expect(!calendar.isWorkingDay(day("2026-10-0\(date)")), "10-0\(date) is off") }
        #expect(calendar.isWorkingDay(day("2026-10-10")))          // Saturday, adjusted
        #expect(!calendar.isWorkingDay(day("2026-10-11")))
        // 中秋节 (09-25..27) comes first: 5 working days from Friday 09-18 are 20, 21, 22, 23, 24.
        #expect(calendar.workingDay(5, after: day("2026-09-18")) == (day("2026-09-24")))
        #expect(calendar.workingDay(1, after: day("2026-09-24")) == (day("2026-09-28")))
        // From Tuesday 09-29: 30, 10-08, 10-09, 10-10 (Saturday), 10-12.
        #expect(calendar.workingDay(5, after: day("2026-09-29")) == (day("2026-10-12")))
        #expect(calendar.workingDays(from: day("2026-09-30"), to: day("2026-10-07")) == 0)
    }

    @Test func workingDayLimitEndsAtMidnightChinaTimeOfItsLastDay() throws {
        let limit = try #require(TimeLimit(text: "15wd"))
        let accepted = instant("2026-02-13", hour: 16, minute: 30)
        let deadline = limit.deadline(from: accepted, calendar: calendar)
        #expect(deadline == (instant("2026-03-13", hour: 0)))
        #expect(CivilDate(deadline.addingTimeInterval(-1)) == (day("2026-03-12")))
        // Late on the day before a holiday or early the next morning: the same last day.
        let oneDay = TimeLimit.workingDays(1)
        #expect(oneDay.deadline(from: instant("2026-09-30", hour: 23, minute: 59), calendar: calendar)
                == (instant("2026-10-09", hour: 0)))
        #expect(oneDay.deadline(from: instant("2026-10-01", hour: 0, minute: 1), calendar: calendar)
                == (instant("2026-10-09", hour: 0)))
        // A scaled run keeps the calendar's span, shrunk.
        let span = limit.span(from: accepted, calendar: calendar)
        #expect(limit.deadline(from: accepted, calendar: calendar, timeScale: 0.001) == accepted.addingTimeInterval(span * 0.001))
    }

    @Test func calendarDaysStayExactSpans() throws {
        let start = instant("2026-02-13", hour: 16)
        #expect(TimeLimit(text: "15d")?.deadline(from: start, calendar: calendar) == start.addingTimeInterval(15 * 86_400))
        #expect(TimeLimit(text: "12h") == .calendar(seconds: 43_200))
    }

    /// Decision: past the last published year the weekday rule alone counts (no
    /// holidays are known yet), and `covers` says so.
    @Test func pastTheLastPublishedYearWeekdaysCount() throws {
        // Thursday 2026-12-31: 2027-01-01 (a Friday; 元旦 not yet published) counts.
        let start = day("2026-12-31")
        #expect(calendar.isWorkingDay(day("2027-01-01")))
        #expect(!calendar.isWorkingDay(day("2027-01-02")))
        #expect(calendar.workingDay(15, after: start) == (day("2027-01-21")))
        #expect(WorkingCalendar.weekdaysOnly.workingDay(15, after: start) == (day("2027-01-21")))
        // Without any calendar file the catalogue counts weekdays everywhere.
        #expect(WorkingCalendar.weekdaysOnly.isWorkingDay(day("2026-10-01")))
        #expect(!WorkingCalendar.weekdaysOnly.isWorkingDay(day("2026-02-14")))
    }

    @Test func timeLimitText() {
        #expect(TimeLimit(text: "7wd") == .workingDays(7))
        #expect(TimeLimit(text: "15d") == .calendar(seconds: 1_296_000))
        for bad in ["0wd", "1.5wd", "-3wd", "wd", "15w", "15", "d"] { #expect(TimeLimit(text: bad) == nil, "\(bad)") }
        for text in ["7wd", "15d", "12h", "10m", "30s"] { #expect(TimeLimit(text: text)?.description == text) }
        #expect(TimeLimit.workingDays(15).words == "15 个工作日 (15 working days)")
    }
}

extension WorkingCalendarTests {
    @Test func theHorizonNamesTheFirstUnpublishedDay() {
        #expect(calendar.firstUncoveredDate(from: day("2026-06-01"), within: 60) == nil)
        #expect(calendar.firstUncoveredDate(from: day("2026-12-06"), within: 60) == day("2027-01-01"))
        #expect(calendar.firstUncoveredDate(from: day("2027-03-01"), within: 60) == day("2027-03-01"))
        #expect(WorkingCalendar.weekdaysOnly.firstUncoveredDate(from: day("2026-06-01"), within: 1) == day("2026-06-01"))
    }
}
