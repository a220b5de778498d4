import OneThingExchange
import OneThingStore

/// One thing that happened to one application, already decoded from Kafka (or produced by
/// the clock or an administrator). The engine applies exactly one at a time.
public enum EngineInput: Sendable, Hashable {
    /// A `submitted` event whose data parsed as JSON. `eventID` is its `ce_id`, `source`
    /// its `ce_source`: CloudEvents makes only the pair unique, so every id the hub mints
    /// for the event's effects derives from both (see `MintedID`). Empty when unknown.
    case submitted(eventID: String, document: JSONValue, source: String = "")
    /// An intake message the hub cannot use at all (not a CloudEvent, not JSON, unknown
    /// type, too large) but that names an application by its key: the channel must still
    /// learn of it. `source` identifies the message itself (its Kafka position), since it
    /// may carry no usable id.
    case unusableIntake(eventID: String?, code: String, reason: String, source: String = "")
    /// A `supplemented` event's data: `{"applicationId", "matter", "changes"}`.
    case supplemented(eventID: String, data: JSONValue, source: String = "")
    /// A `withdrawn` event's data: `{"applicationId", "reason"}`.
    case withdrawn(eventID: String, data: JSONValue, source: String = "")
    /// A department's reply, routed to this application by its request id.
    case reply(ReplyInput)
    /// The clock: handle every timer of the application that is due at `now`.
    case tick
    /// An order an administrator recorded with `hubctl`.
    case order(AdminOrder)
    /// A channel's `evaluated` event (好差评): `{"applicationId", "matter"?, "level", "comment"?}`.
    case evaluated(eventID: String, data: JSONValue, source: String = "")
    /// A department's word on a supervision card or a rectification.
    case supervisionAnswer(SupervisionAnswer)
}

/// What a department sends on its reply topic about a card (`card-acknowledged`,
/// `card-rectified`) or a rectification (`rectified`).
public struct SupervisionAnswer: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case cardAcknowledged = "card-acknowledged"
        case cardRectified = "card-rectified"
        case rectified
    }

    public var kind: Kind
    public var eventID: String
    public var source: String
    /// The department whose reply topic carried it.
    public var department: String
    /// `{"applicationId", "cardId" | "rectificationId", "note"?}`.
    public var data: JSONValue

    public init(kind: Kind, eventID: String, source: String, department: String, data: JSONValue) {
        self.kind = kind
        self.eventID = eventID
        self.source = source
        self.department = department
        self.data = data
    }
}

/// A department reply as the engine needs it.
public struct ReplyInput: Sendable, Hashable {
    /// The reply's own `ce_id` (for history).
    public var eventID: String
    /// The reply's `ce_source` (with `eventID`, what makes the event unique).
    public var source: String
    /// The department whose reply topic carried it.
    public var department: String
    /// The request it answers (from `ce_inreplyto`, else from the body).
    public var requestID: RequestID
    /// The body decoded by the department's schema, or why it breaks that schema.
    public var decoded: Result<DepartmentReply, ProtocolError>
    /// The request digest the reply quotes (`ce_requestdigest`), nil when absent.
    public var requestDigest: String?
    /// Whether the reply's signature was verified. An unsigned reply (let through by a
    /// `verify-if-present` policy) comes from a department not yet migrated, which may not
    /// quote digests yet either; a signed one must.
    public var signed: Bool

    public init(eventID: String, department: String, requestID: RequestID,
                decoded: Result<DepartmentReply, ProtocolError>, source: String = "",
                requestDigest: String? = nil, signed: Bool = false) {
        self.eventID = eventID
        self.source = source
        self.department = department
        self.requestID = requestID
        self.decoded = decoded
        self.requestDigest = requestDigest
        self.signed = signed
    }
}
