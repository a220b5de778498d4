import OneThingExchange

/// One key/value pair of a log event, typed so JSON lines carry numbers as numbers.
///
/// A field holding personal data is declared so where it is made
/// (`.string("holder", name, personal: .name)`): the logger then only ever writes
/// the masked form, and nothing downstream has to remember to.
public struct LogField: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
    }

    public let key: String
    public let value: Value

    public init(key: String, value: Value) {
        self.key = key
        self.value = value
    }

    /// A string field; `personal` masks it before it is written.
    public static func string(_ key: String, _ value: String, personal: PersonalDataMask? = nil) -> LogField {
        LogField(key: key, value: .string(personal.map { $0.apply(to: value) } ?? value))
    }

    public static func int(_ key: String, _ value: Int) -> LogField {
        LogField(key: key, value: .int(value))
    }

    public static func double(_ key: String, _ value: Double) -> LogField {
        LogField(key: key, value: .double(value))
    }

    public static func bool(_ key: String, _ value: Bool) -> LogField {
        LogField(key: key, value: .bool(value))
    }

    /// An error's description as a string field named `error`.
    public static func error(_ error: any Error) -> LogField {
        LogField(key: "error", value: .string(String(describing: error)))
    }
}
