import CRdKafka

/// Whether a record Kafka did not take may be taken if it is sent again.
///
/// The hub retries a `transient` failure (broker down, timeouts, leader changes, a full
/// queue, a client closing) with back-off, as long as it takes: the record is fine, the
/// way to the broker is not. A `permanent` failure says the record or its destination is
/// refused as such (too large, malformed, a topic that does not exist with
/// auto-creation off, an ACL that denies it), so sending it again gives the same answer
/// forever; the caller sets such a record aside instead of letting it block the rest.
///
/// Only errors about one record or one topic are permanent. A refusal of the whole
/// client (cluster authorization, authentication, a fatal idempotence error) stays
/// transient here: setting every message aside because of one misconfiguration would
/// lose the lot, while retrying keeps them until an operator fixes it.
public enum DeliveryFailure: String, Sendable, Hashable {
    case transient
    case permanent

    /// librdkafka's error codes that are permanent for the record or topic concerned.
    static let permanentCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE,           // over message.max.bytes (client or broker)
        RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE,
        RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE,
        RD_KAFKA_RESP_ERR_INVALID_MSG,                  // CRC or framing the broker rejects
        RD_KAFKA_RESP_ERR_INVALID_RECORD,               // e.g. a compacted topic and no key
        RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP,
        RD_KAFKA_RESP_ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT,
        RD_KAFKA_RESP_ERR_POLICY_VIOLATION,
        RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION,              // an invalid topic name
        RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,   // an ACL denies this topic
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,        // no such topic (auto-creation off)
        RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC,
        RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_ID,
    ].reduce(into: Set<Int32>()) { $0.insert($1.rawValue) }

    /// The class of a librdkafka error code; anything not listed as permanent is transient.
    public init(code: Int32) {
        self = Self.permanentCodes.contains(code) ? .permanent : .transient
    }
}

extension KafkaError {
    /// What retrying a delivery that failed with this error can achieve. Errors that are
    /// not librdkafka codes (`code == -1`: a closed client, a missing report) are transient.
    public var deliveryFailure: DeliveryFailure { DeliveryFailure(code: code) }
}
