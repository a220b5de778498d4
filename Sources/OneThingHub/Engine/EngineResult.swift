import OneThingExchange
import OneThingStore

/// What applying one input produced. The pipeline stores `record` (when `recordChanged`),
/// appends `history`, enqueues `messages` in the outbox in this order, dead-letters the
/// original message when `deadLetter` is set, and completes an order with `orderResult`.
public struct EngineResult: Sendable, Hashable {
    /// The application after the input; nil when there is still no record to keep.
    public var record: ApplicationRecord?
    /// Whether `record` differs from what was loaded and must be saved.
    public var recordChanged: Bool
    /// Requests, cancels and status snapshots, in publishing order.
    public var messages: [EngineMessage]
    /// What to append to the application's history.
    public var history: [HistoryEntry]
    /// Set when the input cannot be used and must go to the dead-letter topic.
    public var deadLetter: DeadLetterVerdict?
    /// For `.order`: one sentence saying what was done (or why nothing was).
    public var orderResult: String?
    /// The status events published by this step (`event`, `matter`), in order.
    public var events: [StatusEvent]

    init(record: ApplicationRecord?) {
        self.record = record
        self.recordChanged = false
        self.messages = []
        self.history = []
        self.deadLetter = nil
        self.orderResult = nil
        self.events = []
    }
}

/// One status event: what happened (`matter-approved`, `completed`, ...) and to which matter.
public struct StatusEvent: Sendable, Hashable {
    public var event: String
    public var matter: String?

    public init(event: String, matter: String?) {
        self.event = event
        self.matter = matter
    }
}

/// A Kafka message the engine wants published (through the outbox).
public struct EngineMessage: Sendable, Hashable {
    public var topic: String
    public var key: String
    public var value: [UInt8]
    public var headers: [StoredHeader]

    public init(topic: String, key: String, value: [UInt8], headers: [StoredHeader]) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The value of a header, as text (nil when absent).
    public func header(_ name: String) -> String? {
        headers.first { $0.key == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }
}

/// Why a message goes to the dead-letter topic: `dlq_code` and `dlq_reason`
/// (`DeadLetter` in `Topics/asyncapi.json`).
public struct DeadLetterVerdict: Error, Sendable, Hashable {
    public var code: String
    public var reason: String

    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }

    public static let malformed = "malformed"
    public static let unknownType = "unknown-type"
    public static let missingHeader = "missing-header"
    public static let orphanReply = "orphan-reply"
    public static let wrongDepartment = "wrong-department"
    public static let protocolError = "protocol-error"
    /// Over `--max-message-bytes` (consumed) or over what Kafka accepts (outgoing).
    public static let tooLarge = "too-large"
    /// An outgoing message Kafka refused for good (see `DeliveryFailure`).
    public static let undeliverable = "undeliverable"
    /// An administrator's order naming an application the owner of its partition does
    /// not hold.
    public static let unknownApplication = "unknown-application"
    /// Unsigned (where the sender's policy requires a signature), signed by a key that does
    /// not verify the content, or by a signer who may not write that topic (see `MessageTrust`).
    public static let badSignature = "bad-signature"
    /// A reply whose `ce_requestdigest` is not the digest of the request it answers.
    public static let badRequestDigest = "bad-request-digest"
}
