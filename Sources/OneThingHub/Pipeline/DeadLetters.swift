import Foundation
import OneThingKafka
import OneThingStore

/// The dead-letter message for a consumed message the hub cannot use (`DeadLetter` in
/// `Topics/asyncapi.json`): key
/// and value as received, the original headers, plus `dlq_code`, `dlq_reason`,
/// `dlq_topic`, `dlq_partition`, `dlq_offset` and `dlq_time`.
///
/// A message refused as too large (`too-large`) is not copied whole: that would put the
/// oversized payload into the dead-letter topic and the store, the very thing the limit
/// prevents. Its dead letter keeps the first 4 KiB of the value (and the key and
/// headers while they fit in 4 KiB each) and adds `dlq_size` (the message's size in
/// bytes) and `dlq_sha256` (hex SHA-256 of the whole value), enough to find the sender
/// and match the payload it still has.
enum DeadLetters {
    static func originalHeaders(_ message: ConsumedMessage) -> [StoredHeader] {
        message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) }
    }

    /// `repartitionTopic`: a bounded copy of a too-large message read from it (see
    /// `Forwarding.boundedCopy`) reports the original's size and digest.
    static func headers(for message: ConsumedMessage, verdict: DeadLetterVerdict, at now: Date,
                        repartitionTopic: String) -> [StoredHeader] {
        let kept = Kept(message, verdict: verdict, repartitionTopic: repartitionTopic)
        return kept.headers + kept.extraHeaders + [
            StoredHeader(key: "dlq_code", value: Array(verdict.code.utf8)),
            StoredHeader(key: "dlq_reason", value: Array(verdict.reason.utf8)),
            StoredHeader(key: "dlq_topic", value: Array(message.topic.utf8)),
            StoredHeader(key: "dlq_partition", value: Array(String(message.partition).utf8)),
            StoredHeader(key: "dlq_offset", value: Array(String(message.offset).utf8)),
            StoredHeader(key: "dlq_time", value: Array(HubTime.rfc3339(now).utf8)),
        ]
    }

    /// The dead letter's key and value (what goes to the topic and the store).
    static func payload(for message: ConsumedMessage, verdict: DeadLetterVerdict,
                        repartitionTopic: String) -> (key: [UInt8]?, value: [UInt8]?) {
        let kept = Kept(message, verdict: verdict, repartitionTopic: repartitionTopic)
        return (kept.key, kept.value)
    }

    static func record(for message: ConsumedMessage, verdict: DeadLetterVerdict, at now: Date,
                       repartitionTopic: String) -> DeadLetterRecord {
        let kept = Kept(message, verdict: verdict, repartitionTopic: repartitionTopic)
        return DeadLetterRecord(at: now, code: verdict.code, reason: verdict.reason, topic: message.topic,
                                partition: message.partition, offset: message.offset, key: kept.key,
                                value: kept.value, headers: kept.headers + kept.extraHeaders)
    }

    /// What a too-large message's dead letter keeps of it, and its size and digest.
    static func keptOfTooLarge(_ message: ConsumedMessage) -> (value: [UInt8], headers: [StoredHeader], size: Int,
                                                               sha256: String) {
        let kept = Kept(message, verdict: DeadLetterVerdict(code: DeadLetterVerdict.tooLarge, reason: ""), repartitionTopic: "")
        return (kept.value ?? [], kept.headers, kept.size, kept.sha256)
    }

    /// De-duplicates a dead letter by where the message sits, not by an id it may lack.
    /// A copy read from the repartition topic counts as the sender's message it copies:
    /// the copy is an outbox row, published again after a crash at a new position of the
    /// repartition topic, and both copies must make one dead letter (and one status for
    /// the application).
    static func positionKey(_ message: ConsumedMessage, repartitionTopic: String) -> String {
        if message.topic == repartitionTopic, let origin = Forwarding.originPosition(of: message) {
            return "kafka \(origin.topic)/\(origin.partition)/\(origin.offset)"
        }
        return "kafka \(message.topic)/\(message.partition)/\(message.offset)"
    }

    /// What of the message a dead letter keeps: everything, or for `too-large` a bounded part.
    private struct Kept {
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [StoredHeader]
        var extraHeaders: [StoredHeader] = []
        var size = 0
        var sha256 = ""

        init(_ message: ConsumedMessage, verdict: DeadLetterVerdict, repartitionTopic: String) {
            guard verdict.code == DeadLetterVerdict.tooLarge else {
                key = message.key
                value = message.value
                headers = DeadLetters.originalHeaders(message)
                return
            }
            let limit = MessageSizeLimit.keptPrefixBytes
            key = message.key.flatMap { $0.count <= limit ? $0 : nil }
            value = message.value.map { Array($0.prefix(limit)) }
            var headerBytes = 0
            headers = DeadLetters.originalHeaders(message).filter { header in
                headerBytes += header.key.utf8.count + header.value.count
                return headerBytes <= limit
            }
            let original = Forwarding.tooLargeOriginal(of: message, repartitionTopic: repartitionTopic)
            size = original?.size ?? MessageSizeLimit.size(of: message)
            sha256 = original?.sha256 ?? SHA256.hex(message.value ?? [])
            extraHeaders = [
                StoredHeader(key: "dlq_size", value: Array(String(size).utf8)),
                StoredHeader(key: "dlq_sha256", value: Array(sha256.utf8)),
            ]
        }
    }
}
