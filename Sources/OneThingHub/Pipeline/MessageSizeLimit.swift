import Foundation
import OneThingKafka
import OneThingStore

/// How large a message the hub reads and writes.
///
/// In: one sender must not be able to make the hub parse, validate and store megabytes
/// per message (a 700 KB intake with 50,000 unknown fields once produced a status event
/// larger than Kafka accepts and blocked every application behind it). Intake and reply
/// messages over `--max-message-bytes` are dead letters (`too-large`) holding only what
/// an operator needs to find the sender: the size, a SHA-256 of the value and its first
/// 4 KiB. The limit counts key, value and headers, everything the sender controls.
///
/// Out: librdkafka refuses a record larger than the producer's `message.max.bytes` for
/// good, so the hub checks every message against it before it enters the outbox (a row
/// that can never be delivered must not wait there), counting what librdkafka counts:
/// key, value, headers and the record's own framing.
public enum MessageSizeLimit {
    /// 256 KiB: a full application form is a few KiB; a hundred times that is no form.
    public static let defaultMaxMessageBytes = 262_144
    /// What `--max-message-bytes` accepts: at least a form, at most librdkafka's own ceiling.
    public static let acceptedMaxMessageBytes = 1_024...1_000_000_000
    /// librdkafka's default `message.max.bytes`.
    public static let defaultProducerMessageMaxBytes = KafkaConfiguration.defaultMessageMaxBytes
    /// How much of a refused payload a dead letter keeps.
    public static let keptPrefixBytes = 4_096

    /// Key, value and headers of a consumed message.
    static func size(of message: ConsumedMessage) -> Int {
        (message.key?.count ?? 0) + (message.value?.count ?? 0)
            + message.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
    }

    /// An upper bound of the bytes librdkafka counts against `message.max.bytes` for one
    /// record: key, value, headers, and the record batch framing (61 bytes of batch header
    /// and at most 5 varints of 5 bytes per record and per header; librdkafka's
    /// `rd_kafka_msg_max_wire_size`).
    static func wireSize(key: [UInt8]?, value: [UInt8], headers: [StoredHeader]) -> Int {
        61 + 25 + (key?.count ?? 0) + value.count
            + headers.reduce(0) { $0 + 10 + $1.key.utf8.count + $1.value.count }
    }

    /// The producer's `message.max.bytes` from the hub's Kafka properties, else librdkafka's default.
    static func producerLimit(_ properties: [String: String]) -> Int {
        KafkaConfiguration.messageMaxBytes(in: properties)
    }
}
