import Foundation
import OneThingKafka
import OneThingStore

/// The dead-letter message for a consumed message the hub cannot use (`DeadLetter` in
/// `Topics/asyncapi.json`): key
/// and value as received, the original headers, plus `dlq_code`, `dlq_reason`,
/// `dlq_topic`, `dlq_partition`, `dlq_offset` and `dlq_time`.
enum DeadLetters {
    static func originalHeaders(_ message: ConsumedMessage) -> [StoredHeader] {
        message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) }
    }

    static func headers(for message: ConsumedMessage, verdict: DeadLetterVerdict, at now: Date) -> [StoredHeader] {
        originalHeaders(message) + [
            StoredHeader(key: "dlq_code", value: Array(verdict.code.utf8)),
            StoredHeader(key: "dlq_reason", value: Array(verdict.reason.utf8)),
            StoredHeader(key: "dlq_topic", value: Array(message.topic.utf8)),
            StoredHeader(key: "dlq_partition", value: Array(String(message.partition).utf8)),
            StoredHeader(key: "dlq_offset", value: Array(String(message.offset).utf8)),
            StoredHeader(key: "dlq_time", value: Array(HubTime.rfc3339(now).utf8)),
        ]
    }

    static func record(for message: ConsumedMessage, verdict: DeadLetterVerdict, at now: Date) -> DeadLetterRecord {
        DeadLetterRecord(at: now, code: verdict.code, reason: verdict.reason, topic: message.topic,
                         partition: message.partition, offset: message.offset, key: message.key,
                         value: message.value, headers: originalHeaders(message))
    }

    /// De-duplicates a dead letter by where the message sits, not by an id it may lack.
    static func positionKey(_ message: ConsumedMessage) -> String {
        "kafka \(message.topic)/\(message.partition)/\(message.offset)"
    }
}
