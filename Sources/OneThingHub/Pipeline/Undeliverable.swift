import Foundation
import OneThingExchange
import OneThingKafka
import OneThingStore

/// Outgoing messages Kafka cannot take, set aside so they stop blocking the rest.
///
/// Two ways in: a row Kafka refused for good (a permanent `DeliveryFailure`: an unknown
/// topic with auto-creation off, a denied ACL, a record the broker finds too large or
/// invalid) leaves the outbox; a message larger than the producer's `message.max.bytes`
/// never enters it (`too-large`: librdkafka would refuse it at once, every time). Either
/// way, in the same transaction:
/// - the message is kept whole as an undeliverable record in the store (`hubctl
///   deadletters` lists it, `hubctl resend APPLICATION MATTER` puts it back);
/// - a dead letter goes to the dead-letter topic: the hub's own message with its
///   headers, plus `dlq_code` (`undeliverable` or `too-large`), `dlq_reason` (the
///   error), `dlq_topic` (its destination), `dlq_partition` and `dlq_offset` -1,
///   `dlq_time`, `dlq_direction=outgoing`, `dlq_outbox_id` and `dlq_error_code`; the
///   value is copied only while the dead letter stays within the producer's limit, else
///   its first 4 KiB with `dlq_size` and `dlq_sha256`. A dead letter that is itself
///   undeliverable is only recorded (no dead letter of a dead letter);
/// - the application, when the key names a stored one, gets an `error` entry in its
///   history.
/// The caller logs each at ERROR and counts `onething_undeliverable_total{topic}`.
struct Undeliverable {
    let writer: StoreWriter
    let flow: Flow
    let now: Date
    /// The producer's `message.max.bytes`.
    let outgoingLimit: Int

    /// What was set aside, for the log and the metrics.
    struct Outcome: Sendable {
        let topic: String
        let applicationID: String?
        let matter: String?
        let code: String
        let reason: String
        /// The dead letter it put in the outbox, to publish (nil: none).
        let deadLetter: OutboxMessage?
    }

    /// Sets aside an outbox row Kafka refused for good; nil when the row had left the
    /// outbox already (published, or set aside by an earlier report).
    func setAside(_ row: OutboxMessage, error: KafkaError) throws -> Outcome? {
        let applicationID = Self.applicationID(row.key)
        let matter = Self.header(row.headers, "ce_matter")
        let reason = "Kafka refused the hub's message to \(row.topic) for good: \(error.message)"
        guard try writer.setAside(outboxID: row.id, applicationID: applicationID, matter: matter,
                                  errorCode: error.code, error: error.message, at: now) != nil else { return nil }
        return try announce(topic: row.topic, key: row.key, value: row.value, headers: row.headers,
                            applicationID: applicationID, matter: matter, code: DeadLetterVerdict.undeliverable,
                            reason: reason, outboxID: row.id, errorCode: error.code)
    }

    /// Records a message too large for Kafka instead of putting it into the outbox.
    func refuseOversized(topic: String, key: [UInt8]?, value: [UInt8], headers: [StoredHeader]) throws -> Outcome {
        let applicationID = Self.applicationID(key)
        let matter = Self.header(headers, "ce_matter")
        let size = MessageSizeLimit.wireSize(key: key, value: value, headers: headers)
        let reason = "The hub's message to \(topic) is \(size) bytes, over the producer's message.max.bytes of \(outgoingLimit)."
        try writer.recordUndeliverable(UndeliverableRecord(
            outboxID: 0, applicationID: applicationID, matter: matter, topic: topic, key: key, value: value,
            headers: headers, createdAt: now, failedAt: now, errorCode: -1, error: reason))
        return try announce(topic: topic, key: key, value: value, headers: headers, applicationID: applicationID,
                            matter: matter, code: DeadLetterVerdict.tooLarge, reason: reason, outboxID: 0, errorCode: -1)
    }

    private func announce(topic: String, key: [UInt8]?, value: [UInt8], headers: [StoredHeader],
                          applicationID: String?, matter: String?, code: String, reason: String,
                          outboxID: Int64, errorCode: Int32) throws -> Outcome {
        var extra = [
            StoredHeader(key: "dlq_code", value: Array(code.utf8)),
            StoredHeader(key: "dlq_reason", value: Array(reason.utf8)),
            StoredHeader(key: "dlq_topic", value: Array(topic.utf8)),
            StoredHeader(key: "dlq_partition", value: Array("-1".utf8)),
            StoredHeader(key: "dlq_offset", value: Array("-1".utf8)),
            StoredHeader(key: "dlq_time", value: Array(HubTime.rfc3339(now).utf8)),
            StoredHeader(key: "dlq_direction", value: Array("outgoing".utf8)),
            StoredHeader(key: "dlq_outbox_id", value: Array(String(outboxID).utf8)),
            StoredHeader(key: "dlq_error_code", value: Array(String(errorCode).utf8)),
        ]
        var kept = value
        if MessageSizeLimit.wireSize(key: key, value: value, headers: headers + extra) > outgoingLimit {
            extra.append(StoredHeader(key: "dlq_size", value: Array(String(MessageSizeLimit.wireSize(key: key, value: value, headers: headers)).utf8)))
            extra.append(StoredHeader(key: "dlq_sha256", value: Array(SHA256.hex(value).utf8)))
            // At most 4 KiB, and less when even that would not fit the producer's limit.
            let room = outgoingLimit - MessageSizeLimit.wireSize(key: key, value: [], headers: headers + extra)
            kept = Array(value.prefix(max(0, min(MessageSizeLimit.keptPrefixBytes, room))))
        }
        try writer.recordDeadLetter(DeadLetterRecord(at: now, code: code, reason: reason, topic: topic, partition: -1,
                                                     offset: -1, key: key, value: kept, headers: headers + extra))
        var deadLetter: OutboxMessage?
        if topic != flow.topics.deadletter {
            let letterHeaders = headers + extra
            let id = try writer.enqueue(topic: flow.topics.deadletter, key: key, value: kept, headers: letterHeaders, at: now)
            deadLetter = OutboxMessage(id: id, topic: flow.topics.deadletter, key: key, value: kept, headers: letterHeaders)
        }
        if let applicationID, try writer.application(id: applicationID) != nil {
            try writer.appendHistory(HistoryEntry(
                applicationID: applicationID, at: now, kind: "error", matter: matter,
                eventID: Self.header(headers, "ce_id"),
                detail: "An outgoing message to \(topic) was set aside as undeliverable (\(code)): \(reason)"))
        }
        return Outcome(topic: topic, applicationID: applicationID, matter: matter, code: code, reason: reason,
                       deadLetter: deadLetter)
    }

    /// The key as an application id (the hub keys everything it writes by one), if it is one.
    static func applicationID(_ key: [UInt8]?) -> String? {
        guard let key, !key.isEmpty, key.count <= InboundRouter.longestKey else { return nil }
        return String(validating: key, as: UTF8.self)
    }

    static func header(_ headers: [StoredHeader], _ name: String) -> String? {
        headers.first { $0.key == name }.flatMap { String(validating: $0.value, as: UTF8.self) }
    }
}
