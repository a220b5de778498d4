import Foundation

/// One value to bind to a statement parameter, in SQLite's own storage classes.
/// `textBytes` binds UTF-8 bytes we already hold (serialized JSON) as TEXT without
/// building a Swift String first.
enum SQLValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case textBytes([UInt8])
    case blob([UInt8])

    static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
    static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
    static func date(_ value: Date) -> SQLValue { .integer(value.unixMilliseconds) }
    static func date(_ value: Date?) -> SQLValue { value.map { .integer($0.unixMilliseconds) } ?? .null }
    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func blob(_ value: [UInt8]?) -> SQLValue { value.map { .blob($0) } ?? .null }
}

/// The store keeps every instant as whole Unix milliseconds in an INTEGER column: exact,
/// ordered, indexable, and independent of time zones. This is the one conversion, so a
/// round trip of any millisecond-aligned `Date` is exact; finer fractions are rounded to
/// the nearest millisecond.
extension Date {
    var unixMilliseconds: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(unixMilliseconds) / 1000)
    }

    /// The instants a record read from outside may hold: ±100 million days (JavaScript's
    /// range). Beyond it a `Date` no longer converts back to whole milliseconds exactly,
    /// and near `Int64`'s ends the conversion back would trap.
    static let storableMilliseconds: ClosedRange<Int64> = -8_640_000_000_000_000...8_640_000_000_000_000
}
