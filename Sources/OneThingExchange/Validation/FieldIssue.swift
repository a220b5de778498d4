/// One problem with one field. `field` is a dotted path into the application
/// (`periods[0].to`); `code` is one of the spec's error codes.
public struct FieldIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public let field: String
    public let code: String
    public let message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(code): \(message)" }

    /// The spec's `{"field", "code", "message"}` object of a status event's `errors`.
    public var json: JSONValue {
        .object(JSONObject([("field", .string(field)), ("code", .string(code)), ("message", .string(message))]))
    }
}
