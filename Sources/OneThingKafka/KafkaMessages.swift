import Foundation

/// A record to produce. `partition == nil` lets librdkafka's partitioner choose from the
/// key (murmur2, as Java clients do), so every record of one key lands in one partition
/// and keeps its order.
public struct OutgoingMessage: Sendable {
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    public var partition: Int32? = nil

    public init(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// Where the broker stored an acknowledged record.
public struct DeliveryReport: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// A record read by a consumer; all bytes are copied out of librdkafka's buffers.
public struct ConsumedMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: [UInt8]?
    public let value: [UInt8]?
    public let headers: [KafkaHeader]
    /// The record's timestamp (create or log-append time), nil when the broker gave none.
    public let timestamp: Date?

    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [KafkaHeader], timestamp: Date?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}

/// A committed position: `offset` is the next record to read, as Kafka stores it.
public struct TopicPartitionOffset: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

public struct TopicPartition: Sendable, Hashable {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
}

/// What a group rebalance did to this consumer's assignment.
public enum RebalanceEvent: Sendable, Hashable {
    case assigned([TopicPartition])
    case revoked([TopicPartition])
}

/// A rebalance as the group protocol saw it: which partitions came or went, and the group
/// generation this member holds them in. The generation is what fences a member that
/// lost its partitions (a commit with an older one is refused by the coordinator), so it
/// also serves the application as an owner epoch: it only grows within a group.
public struct AssignmentChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case assigned
        /// Given up in a rebalance: this member could still commit for them before it.
        case revoked
        /// Taken away without a handshake (the session or `max.poll.interval.ms` expired):
        /// other members may already own them, so nothing may be committed for them.
        case lost
    }

    public let kind: Kind
    public let partitions: [TopicPartition]
    /// The member's group generation (classic protocol) when the change was applied;
    /// nil when librdkafka does not know it (not in a group).
    public let generation: Int32?

    public init(kind: Kind, partitions: [TopicPartition], generation: Int32?) {
        self.kind = kind
        self.partitions = partitions
        self.generation = generation
    }
}
