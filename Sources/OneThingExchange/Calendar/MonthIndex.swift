import OneThingSupport

/// A month counted from year 0 (`year * 12 + month - 1`), so month arithmetic is integer
/// arithmetic and comparisons are plain: the catalogue's ages and periods are counted
/// in months.
public struct MonthIndex: Sendable, Hashable, Comparable {
    public let value: Int
    public init(value: Int) { self.value = value }
    public init(year: Int, month: Int) { value = year * 12 + month - 1 }
    public var year: Int { value / 12 }
    public var month: Int { value % 12 + 1 }
    public static func < (lhs: MonthIndex, rhs: MonthIndex) -> Bool { lhs.value < rhs.value }
    /// `yyyy-MM`
    public var text: String { year.zeroPadded(to: 4) + "-" + month.zeroPadded(to: 2) }
}

/// Parses `yyyy-MM`.
func parseMonth(_ text: String) -> MonthIndex? {
    guard let parts = DigitFields.split(text, lengths: [4, 2], separator: "-"), (1...9999).contains(parts[0]),
          (1...12).contains(parts[1]) else { return nil }
    return MonthIndex(year: parts[0], month: parts[1])
}
