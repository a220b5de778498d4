import Foundation

/// A consumed message the hub could not use, kept with where it came from and why.
public struct DeadLetterRecord: Sendable, Hashable {
    /// Assigned by the store (ignored when recording).
    public var id: Int64
    public var at: Date
    /// Machine-readable reason code (the `dlq_code` header).
    public var code: String
    /// One sentence naming what is wrong.
    public var reason: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [StoredHeader]
    /// Set once the raw value was dropped after the retention period (`value` is then
    /// nil): what identifies the payload the sender still has.
    public var droppedPayload: DroppedPayload?

    /// What a dead letter keeps of a value it no longer holds.
    public struct DroppedPayload: Sendable, Hashable {
        /// Hex SHA-256 of the value as it was stored.
        public var sha256: String
        /// Its size in bytes.
        public var bytes: Int
        public var droppedAt: Date

        public init(sha256: String, bytes: Int, droppedAt: Date) {
            self.sha256 = sha256
            self.bytes = bytes
            self.droppedAt = droppedAt
        }
    }

    public init(id: Int64 = 0, at: Date, code: String, reason: String, topic: String,
                partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [StoredHeader]) {
        self.id = id
        self.at = at
        self.code = code
        self.reason = reason
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
    }
}
