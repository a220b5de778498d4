import Foundation

/// An outgoing message Kafka refused for good (or larger than it accepts), kept whole
/// outside the outbox so it no longer blocks it, until `hubctl resend` puts it back.
public struct UndeliverableRecord: Sendable, Hashable {
    /// Assigned by the store.
    public var id: Int64
    /// Its id in the outbox; 0 when it was refused before it entered the outbox.
    public var outboxID: Int64
    /// The application it belongs to (its key), when it names one.
    public var applicationID: String?
    /// Its `ce_matter`, for requests and cancels.
    public var matter: String?
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [StoredHeader]
    /// When it entered the outbox (or was refused).
    public var createdAt: Date
    public var failedAt: Date
    /// librdkafka's error code; -1 when the hub refused it itself.
    public var errorCode: Int32
    public var error: String
    /// When a resend put it back into the outbox; nil while it is set aside.
    public var requeuedAt: Date?

    public init(id: Int64 = 0, outboxID: Int64, applicationID: String?, matter: String?, topic: String,
                key: [UInt8]?, value: [UInt8], headers: [StoredHeader], createdAt: Date, failedAt: Date,
                errorCode: Int32, error: String, requeuedAt: Date? = nil) {
        self.id = id
        self.outboxID = outboxID
        self.applicationID = applicationID
        self.matter = matter
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.createdAt = createdAt
        self.failedAt = failedAt
        self.errorCode = errorCode
        self.error = error
        self.requeuedAt = requeuedAt
    }
}
