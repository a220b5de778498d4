import Foundation

/// An administrator's order as it travels on a flow's orders topic (`<prefix>.orders`):
/// `hubctl resend` / `withdraw` against a cluster of hubd. The message is a binary-mode
/// CloudEvent of type `<stem>.order`, keyed by the application id (so it lands on the
/// application's owner partition and the owning instance carries it out in its
/// pipeline), with this JSON as its data:
///
/// ```json
/// {"application": "<id>", "kind": "resend", "matter": "<code>",
///  "requestedBy": "operator", "requestedAt": "2026-12-06T11:00:00Z"}
/// {"application": "<id>", "kind": "withdraw", "reason": "...", "requestedBy": "...", "requestedAt": "..."}
/// ```
///
/// The operator's name travels with the order because the owner records it in the
/// application's history, the way it records an order given on its own store.
public struct AdministratorOrder: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case resend(matter: String)
        case withdraw(reason: String)
    }

    public var applicationID: String
    public var kind: Kind
    public var requestedBy: String
    public var requestedAt: Date

    /// Operators sign their orders under this source prefix (`/operators/<name>`).
    public static let operatorSourcePrefix = "/operators/"
    /// The `ce_source` (and signer) of operator `name`'s signed orders: the name the
    /// order records, so the hub can check that the key which signed it is that operator's.
    public static func source(ofOperator name: String) -> String { operatorSourcePrefix + name }
    /// The source of an unsigned order (hubctl without a keys folder).
    public static let unsignedSource = "/hubctl"

    public init(applicationID: String, kind: Kind, requestedBy: String, requestedAt: Date) {
        self.applicationID = applicationID
        self.kind = kind
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
    }

    /// The event's data.
    public func encoded() -> [UInt8] {
        var members: [(String, JSONValue)] = [("application", .string(applicationID))]
        switch kind {
        case .resend(let matter):
            members.append(("kind", "resend"))
            members.append(("matter", .string(matter)))
        case .withdraw(let reason):
            members.append(("kind", "withdraw"))
            members.append(("reason", .string(reason)))
        }
        members.append(("requestedBy", .string(requestedBy)))
        members.append(("requestedAt", .string(Self.timestamp(requestedAt))))
        return JSONValue.object(JSONObject(members)).serialized()
    }

    /// Reads an order's data; the reason names what is wrong.
    public static func decode(_ data: [UInt8]) -> Result<AdministratorOrder, AdministratorOrderError> {
        guard let value = try? JSONValue(parsing: data), let object = value.objectValue else {
            return .failure(AdministratorOrderError("the order's data is not a JSON object"))
        }
        func text(_ name: String) -> String? {
            guard let text = object[name]?.stringValue, !text.isEmpty else { return nil }
            return text
        }
        guard let applicationID = text("application") else {
            return .failure(AdministratorOrderError("the order names no application"))
        }
        guard let requestedBy = text("requestedBy") else {
            return .failure(AdministratorOrderError("the order names no operator (requestedBy)"))
        }
        guard let at = text("requestedAt"), let requestedAt = parseTimestamp(at) else {
            return .failure(AdministratorOrderError("the order's requestedAt is not an RFC 3339 time"))
        }
        let kind: Kind
        switch text("kind") {
        case "resend":
            guard let matter = text("matter") else { return .failure(AdministratorOrderError("a resend order names no matter")) }
            kind = .resend(matter: matter)
        case "withdraw":
            guard let reason = text("reason") else { return .failure(AdministratorOrderError("a withdraw order gives no reason")) }
            kind = .withdraw(reason: reason)
        case let other:
            return .failure(AdministratorOrderError("unknown order kind \(other.map { "'\($0)'" } ?? "(none)"); resend or withdraw"))
        }
        return .success(AdministratorOrder(applicationID: applicationID, kind: kind, requestedBy: requestedBy,
                                           requestedAt: requestedAt))
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

/// Why an order message cannot be carried out (it becomes a dead letter).
public struct AdministratorOrderError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
