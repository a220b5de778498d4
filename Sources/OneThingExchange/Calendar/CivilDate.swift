import Foundation
import OneThingSupport

/// A calendar date without time or zone (proleptic Gregorian, years 1 to 9999): what the
/// forms and the department documents carry, and what the simulator generates.
///
/// One type for the domain and the tools around it, so a date the simulator writes is
/// read back by the very rules that validate it. Days since 1970-01-01 make arithmetic
/// exact; the text forms are the fixed-width ones the catalogue's formats name.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil for a date that does not exist (2025-02-30) or a year outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(year: year, month: month)).contains(day) else { return nil }
        self.init(unchecked: year, month, day)
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

    public var monthIndex: MonthIndex { MonthIndex(year: year, month: month) }

    /// The first day of the month `months` after this date's month (negative: before).
    public func firstOfMonth(adding months: Int) -> CivilDate {
        let index = MonthIndex(value: monthIndex.value + months)
        return CivilDate(unchecked: index.year, index.month, 1)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

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

    /// Howard Hinnant's civil-from-days.
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

    /// The date at an instant as seen at a fixed UTC offset (China: +8 h, no daylight
    /// saving, so a fixed offset is exact).
    public init(_ instant: Date, utcOffsetSeconds: Int = 8 * 3600) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        self.init(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// `yyyy-MM-dd`.
    public var iso: String { year.zeroPadded(to: 4) + "-" + month.zeroPadded(to: 2) + "-" + day.zeroPadded(to: 2) }
    /// `yyyyMMdd`.
    public var compact: String { year.zeroPadded(to: 4) + month.zeroPadded(to: 2) + day.zeroPadded(to: 2) }
    public var description: String { iso }

    /// Parses `yyyy-MM-dd`.
    public init?(iso text: String) {
        self.init(digits: text, separator: "-")
    }

    /// Parses four, two and two digits, separated by `separator` (`yyyy/MM/dd`) or by
    /// nothing (`yyyyMMdd`); nil for anything else, or a date that does not exist.
    public init?(digits text: String, separator: Character?) {
        guard let parts = DigitFields.split(text, lengths: [4, 2, 2], separator: separator) else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
