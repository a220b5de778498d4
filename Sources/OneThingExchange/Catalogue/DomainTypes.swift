/// A validated application: its id and the whole form as received (or as patched by
/// supplements). Only `Flow.validate` and `Flow.supplement` make one, so holding an
/// `Application` means the form passed every rule.
public struct Application: Sendable, Hashable {
    public let id: String
    public let document: JSONValue

    /// For restoring an application the hub validated earlier (from its store); new
    /// input must go through `Flow.validate`.
    public init(id: String, document: JSONValue) {
        self.id = id
        self.document = document
    }
}

/// The verdict on a form: usable, or every problem found at once.
public enum Validation: Sendable, Hashable {
    case valid(Application)
    case invalid([FieldIssue])
}

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

/// Which matters this application needs (catalogue order, concrete codes only) and,
/// for the others, why not.
public struct MatterPlan: Sendable, Hashable {
    public let applicable: [String]
    public let notApplicable: [NotApplicable]

    public init(applicable: [String], notApplicable: [NotApplicable]) {
        self.applicable = applicable
        self.notApplicable = notApplicable
    }
}

public struct NotApplicable: Sendable, Hashable, Codable {
    public let matter: String
    public let reason: String

    public init(matter: String, reason: String) {
        self.matter = matter
        self.reason = reason
    }
}

/// The lifecycle of one matter (a status snapshot's matter `state`, `Topics/asyncapi.json`).
public enum MatterState: String, Sendable, Codable, CaseIterable {
    case waiting
    case sent
    case received
    case supplementRequired = "supplement-required"
    case approved
    case rejected
    case cancelled

    /// Final states never change again; replies after them only go to history.
    public var isFinal: Bool {
        switch self {
        case .approved, .rejected, .cancelled: return true
        case .waiting, .sent, .received, .supplementRequired: return false
        }
    }
}

/// The state of a whole application as shown in status events.
public enum ApplicationState: String, Sendable, Codable, CaseIterable {
    case accepted
    case inProgress = "in-progress"
    case awaitingSupplement = "awaiting-supplement"
    case completed
    case partiallyCompleted = "partially-completed"
    case rejected
    case withdrawn
    case invalid
}

/// How the one thing ended.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    case completed
    case partiallyCompleted = "partially-completed"
    case rejected
    case withdrawn

    /// The application state that goes with this outcome.
    public var applicationState: ApplicationState {
        switch self {
        case .completed: return .completed
        case .partiallyCompleted: return .partiallyCompleted
        case .rejected: return .rejected
        case .withdrawn: return .withdrawn
        }
    }
}

/// A request's identity, `<application id>:<matter>:r<revision>`: the `ce_id` a resend
/// repeats and a reply names, so departments can drop duplicates and the hub can tell a
/// stale reply (older revision) from a current one.
public struct RequestID: Sendable, Hashable, CustomStringConvertible {
    public let applicationID: String
    public let matter: String
    public let revision: Int
    /// The id's text, built once: it is the request's `ce_id`, its history entries' event
    /// id and its stored request id, so it is read many times per request.
    public let description: String

    public init(applicationID: String, matter: String, revision: Int) {
        self.applicationID = applicationID
        self.matter = matter
        self.revision = revision
        self.description = "\(applicationID):\(matter):r\(revision)"
    }

    /// Parses `<application id>:<matter>:r<revision>`; nil for anything else (forms
    /// keep ':' out of their ids, so there are exactly three parts).
    public init?(parsing text: String) {
        // Byte-level: every reply and every request goes through here.
        let utf8 = text.utf8
        let colon = UInt8(ascii: ":")
        guard let first = utf8.firstIndex(of: colon), first > utf8.startIndex else { return nil }
        let afterFirst = utf8.index(after: first)
        guard let second = utf8[afterFirst...].firstIndex(of: colon), second > afterFirst else { return nil }
        let revisionStart = utf8.index(after: second)
        guard revisionStart < utf8.endIndex, utf8[revisionStart] == UInt8(ascii: "r") else { return nil }
        var revision = 0
        var digits = 0
        for byte in utf8[utf8.index(after: revisionStart)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9 else { return nil }
            revision = revision * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0, revision >= 1 else { return nil }
        self.applicationID = String(Substring(utf8[..<first]))
        self.matter = String(Substring(utf8[afterFirst..<second]))
        self.revision = revision
        // The text is already canonical unless the revision has leading zeros ("r01").
        let canonical = utf8[utf8.index(after: revisionStart)] != UInt8(ascii: "0")
        self.description = canonical ? text : "\(applicationID):\(matter):r\(revision)"
    }
}

/// A document ready for a Kafka value, with the content type for its header.
public struct EncodedDocument: Sendable, Hashable {
    public let contentType: String
    public let body: [UInt8]

    public init(contentType: String, body: [UInt8]) {
        self.contentType = contentType
        self.body = body
    }
}

/// What a department said, in canonical terms.
public enum ReplyDecision: Sendable, Hashable {
    /// Acknowledged (受理), no result yet.
    case received
    /// Approved with every output of the matter, canonical formats (`Topics/README.md`).
    case approved(outputs: JSONObject)
    case rejected(reason: String)
    case supplementRequired(reason: String)
    /// The department's interface failed (an envelope status code other than success): not a decision,
    /// the request counts as unacknowledged.
    case interfaceFailure(code: String, message: String)

    /// The matter state this decision moves to; nil for an interface failure.
    public var matterState: MatterState? {
        switch self {
        case .received: return .received
        case .approved: return .approved
        case .rejected: return .rejected
        case .supplementRequired: return .supplementRequired
        case .interfaceFailure: return nil
        }
    }
}

/// A decoded reply: which request it answers (text as in the document, to compare with
/// `ce_inreplyto`) and the decision.
public struct DepartmentReply: Sendable, Hashable {
    public let requestID: String
    public let decision: ReplyDecision

    public init(requestID: String, decision: ReplyDecision) {
        self.requestID = requestID
        self.decision = decision
    }
}

/// A reply that breaks its department's schema. `reason` is one sentence naming what is
/// wrong; it becomes the dead letter's `dlq_reason`.
public struct ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A request that cannot be built (e.g. an output it needs is missing).
public struct TranslationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The catalogue files are inconsistent or malformed; `file` names the culprit.
public struct CatalogueError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let reason: String
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
    public var description: String { "\(file): \(reason)" }
}
