import Foundation

/// A time limit (办理时限) as the catalogue states it: a span of calendar time
/// (`"15d"`, `"12h"`, `"10m"`, `"30s"`, or seconds as a number) or a number of working
/// days (`"15wd"`, counted with the `WorkingCalendar`).
///
/// A working-day limit started at an instant ends at the end (24:00 China time) of its
/// last working day, counting from the day after the start; a calendar limit is an exact
/// span (`"1d"` is 24 hours from the start). Pauses for supplements move either kind of
/// deadline out by the time paused, as before.
public enum TimeLimit: Sendable, Hashable, CustomStringConvertible {
    case calendar(seconds: Double)
    case workingDays(Int)

    /// Parses the catalogue's text form; nil for anything else.
    public init?(text: String) {
        if text.hasSuffix("wd") {
            guard let count = Int(text.dropLast(2)), count > 0 else { return nil }
            self = .workingDays(count)
            return
        }
        guard let unit = text.last, let amount = Double(text.dropLast()), amount > 0, amount.isFinite else { return nil }
        switch unit {
        case "s": self = .calendar(seconds: amount)
        case "m": self = .calendar(seconds: amount * 60)
        case "h": self = .calendar(seconds: amount * 3600)
        case "d": self = .calendar(seconds: amount * 86_400)
        default: return nil
        }
    }

    /// The catalogue's form: `"15wd"`, or `"15d"` / `"12h"` / `"10m"` / `"30s"` for whole
    /// amounts of the largest unit that fits.
    public var description: String {
        switch self {
        case .workingDays(let count): return "\(count)wd"
        case .calendar(let seconds):
            for (unit, size) in [("d", 86_400.0), ("h", 3600), ("m", 60)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
                return "\(Int(seconds / size))\(unit)"
            }
            return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
        }
    }

    /// The words for people: `15 个工作日 (15 working days)`, `15 天 (15 days)`.
    public var words: String {
        switch self {
        case .workingDays(let count): return "\(count) 个工作日 (\(count) working day\(count == 1 ? "" : "s"))"
        case .calendar(let seconds) where seconds >= 86_400 && seconds.truncatingRemainder(dividingBy: 86_400) == 0:
            let days = Int(seconds / 86_400)
            return "\(days) 天 (\(days) day\(days == 1 ? "" : "s"))"
        case .calendar: return description
        }
    }

    /// Unscaled seconds from `start` to the limit's end: for working days, to 24:00 China
    /// time of the last working day.
    public func span(from start: Date, calendar: WorkingCalendar) -> TimeInterval {
        switch self {
        case .calendar(let seconds): return seconds
        case .workingDays(let count):
            let last = calendar.workingDay(count, after: CivilDate(start))
            return WorkingCalendar.startOfDay(last.adding(days: 1)).timeIntervalSince(start)
        }
    }

    /// The deadline of a limit started at `start`, its span multiplied by `timeScale`
    /// (a demo or a test runs the same calendar faster: the span a working-day limit
    /// has at the real start instant, shrunk).
    public func deadline(from start: Date, calendar: WorkingCalendar, timeScale: Double = 1) -> Date {
        start.addingTimeInterval(span(from: start, calendar: calendar) * timeScale)
    }
}

extension WorkingCalendar {
    /// Midnight at the start of `date`, China time (UTC+8, no daylight saving).
    public static func startOfDay(_ date: CivilDate, utcOffsetSeconds: Int = 8 * 3600) -> Date {
        Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch * 86_400 - utcOffsetSeconds))
    }
}
