import Foundation

/// A calendar date without time or zone (proleptic Gregorian), for the dates the forms
/// and departments exchange. Days since 1970-01-01 make arithmetic exact.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil for a date that does not exist (2025-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The first day of the month `months` after this date's month (negative: before).
    public func firstOfMonth(adding months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        return CivilDate(unchecked: index / 12, index % 12 + 1, 1)
    }

    /// This day in the month `months` later, clamped to that month's last day.
    public func adding(months: Int) -> CivilDate {
        let first = firstOfMonth(adding: months)
        return CivilDate(unchecked: first.year, first.month, min(day, CivilDate.daysIn(year: first.year, month: first.month)))
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Months since year 0 (year * 12 + month - 1): month arithmetic without dates.
    public var monthIndex: Int { year * 12 + month - 1 }

    /// Howard Hinnant's days-from-civil.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The date at an instant as seen at a fixed UTC offset (China: +8 h).
    public init(_ instant: Date, utcOffsetSeconds: Int = 8 * 3600) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        self.init(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// `yyyy-MM-dd`.
    public var description: String { iso }
    public var iso: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    /// `yyyy-MM`.
    public var isoMonth: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))" }

    /// Reads `yyyy-MM-dd`, `yyyyMMdd` or `yyyy/MM/dd`; nil for anything else.
    public init?(parsing text: String) {
        let digits = text.filter { $0 != "-" && $0 != "/" }
        let separators = text.count - digits.count
        guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              separators == 0 || (separators == 2 && text.count == 10),
              let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
              let day = Int(digits.suffix(2)), (1900...2200).contains(year)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// RFC 3339 timestamps as the contract writes them (China time, second precision).
public enum Timestamp {
    public static func rfc3339(_ instant: Date, utcOffsetSeconds: Int = 8 * 3600) -> String {
        let total = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let date = CivilDate(daysSinceEpoch: days)
        let sign = utcOffsetSeconds >= 0 ? "+" : "-"
        let offset = abs(utcOffsetSeconds)
        return date.iso + "T" + CivilDate.pad(secondOfDay / 3600, 2) + ":" + CivilDate.pad(secondOfDay % 3600 / 60, 2)
            + ":" + CivilDate.pad(secondOfDay % 60, 2) + sign + CivilDate.pad(offset / 3600, 2) + ":" + CivilDate.pad(offset % 3600 / 60, 2)
    }
}
