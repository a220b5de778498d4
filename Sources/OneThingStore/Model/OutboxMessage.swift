/// One Kafka header as stored (a header without a value is stored with an empty one).
public struct StoredHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// A Kafka message waiting to be published. It is enqueued in the same transaction as
/// the state change it announces, so a crash can never lose one nor publish one for a
/// change that was rolled back. Publish in `id` order.
public struct OutboxMessage: Sendable, Hashable {
    /// Assigned by the store, increasing.
    public var id: Int64
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [StoredHeader]
    /// The partition the message must land on; nil lets the producer's partitioner choose
    /// by key. A state record names its application's partition (see `StateRecord`).
    public var partition: Int32?
    /// A tombstone: published with no value at all (Kafka's null), which a compacted
    /// topic reads as "forget this key"; `value` is empty. The hub writes one to the
    /// status and state topics for each application it archives.
    public var isTombstone: Bool

    public init(id: Int64, topic: String, key: [UInt8]?, value: [UInt8], headers: [StoredHeader],
                partition: Int32? = nil, isTombstone: Bool = false) {
        self.id = id
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
        self.isTombstone = isTombstone
    }
}
