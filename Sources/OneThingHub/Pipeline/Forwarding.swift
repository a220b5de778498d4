import Foundation
import OneThingKafka
import OneThingStore

/// Inputs that arrived on a partition other than their application's owner partition.
///
/// Senders choose their own Kafka clients: a Java client hashes keys with murmur2, a
/// librdkafka client by default with CRC32, so one application id can land on partition 2
/// of the intake topic and partition 0 of a reply topic, read by different instances.
/// The hub keeps every application with one owner partition (murmur2 of its id, where
/// its own producer puts the requests' keys) and forwards a stray input to the flow's
/// repartition topic, keyed by the application id, so it lands on the owner partition
/// and is read by the owner: value and headers unchanged (the owner de-duplicates it by
/// its original `ce_source` + `ce_id`), plus where it came from.
enum Forwarding {
    static let originTopicHeader = "onething_origin_topic"
    static let originPartitionHeader = "onething_origin_partition"
    static let originOffsetHeader = "onething_origin_offset"
    /// The key the message had: the copy is keyed by the application id instead, and a
    /// signature covers the original key (see `SignedContent`).
    static let originKeyHeader = "onething_origin_key"

    /// The key a message of the repartition topic was signed with: the original key, or its
    /// own for a copy forwarded before the header existed. Only hubs write that topic; on any
    /// other topic the header means nothing and the message's own key is used.
    static func signedKey(of message: ConsumedMessage) -> [UInt8]? {
        guard let header = message.headers.last(where: { $0.key == originKeyHeader }) else { return message.key }
        return header.value
    }

    /// The topic a forwarded message was first read from (nil: not a forwarded message).
    static func originTopic(of message: ConsumedMessage) -> String? {
        guard let header = message.headers.last(where: { $0.key == originTopicHeader }), let value = header.value else {
            return nil
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// Where a forwarded message was first read: topic, partition and offset of the
    /// sender's message (nil: not a forwarded message, or its origin headers are unusable).
    static func originPosition(of message: ConsumedMessage) -> (topic: String, partition: Int32, offset: Int64)? {
        func header(_ key: String) -> String? {
            message.headers.last(where: { $0.key == key })?.value.map { String(decoding: $0, as: UTF8.self) }
        }
        guard let topic = header(originTopicHeader), let partition = header(originPartitionHeader).flatMap({ Int32($0) }),
              let offset = header(originOffsetHeader).flatMap({ Int64($0) }) else { return nil }
        return (topic, partition, offset)
    }

    /// Where the application's input must be applied, when not here: the owner partition
    /// of `applicationID`, unless the message is on it already, was forwarded already
    /// (never twice: the repartition topic is partitioned like the others), or the
    /// application is stored here with this very partition (or with none: stored before
    /// partitions were tracked, it stays with the instance that holds it).
    static func target(of message: ConsumedMessage, applicationID: String, repartitionTopic: String,
                       ownership: PartitionOwnership?, writer: StoreWriter) throws -> Int32? {
        guard let ownership, message.topic != repartitionTopic,
              let owner = ownership.ownerPartition(of: applicationID), owner != message.partition else { return nil }
        switch try writer.applicationPartition(id: applicationID) {
        case .stored(nil): return nil
        case .stored(let partition?) where partition == message.partition: return nil
        case .stored, .absent: return owner
        }
    }

    /// The forwarded copy: key = application id (so murmur2 puts it on the owner
    /// partition), value and headers as received, plus the origin.
    static func headers(for message: ConsumedMessage) -> [StoredHeader] {
        DeadLetters.originalHeaders(message) + originHeaders(of: message)
    }

    /// Where `message` sits, as the headers of its forwarded copy.
    static func originHeaders(of message: ConsumedMessage) -> [StoredHeader] {
        [
            StoredHeader(key: originTopicHeader, value: Array(message.topic.utf8)),
            StoredHeader(key: originPartitionHeader, value: Array(String(message.partition).utf8)),
            StoredHeader(key: originOffsetHeader, value: Array(String(message.offset).utf8)),
            StoredHeader(key: originKeyHeader, value: message.key ?? []),
        ]
    }

    /// De-duplicates forwarding by the message's position: the same delivery forwarded
    /// once, even when it is consumed again before its offset was committed.
    static func positionKey(_ message: ConsumedMessage) -> String {
        "forwarded \(message.topic)/\(message.partition)/\(message.offset)"
    }
}
