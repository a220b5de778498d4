import CRdKafka

/// The one error type of this layer. Every librdkafka `rd_kafka_resp_err_t` becomes a
/// `KafkaError` whose `message` carries librdkafka's own text (`rd_kafka_err2str` or the
/// call's `errstr`), so a log line says what librdkafka said, and whose `kind` lets
/// callers decide what to do without knowing librdkafka's numbering.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// What class of failure this is; callers branch on this, never on `code`.
    public enum Kind: String, Sendable, Hashable {
        /// A property name or value librdkafka rejected, or an argument it refused.
        case configuration
        /// The broker could not be reached or the connection failed.
        case transport
        /// An operation (message delivery, metadata, commit, close) ran out of time.
        case timeout
        /// The local producer queue is full (only surfaced where waiting is impossible).
        case queueFull
        /// The topic or partition does not exist.
        case unknownTopic
        /// The topic exists already (createTopics treats this as success).
        case topicAlreadyExists
        /// librdkafka raised a fatal error: the client instance is unusable.
        case fatal
        /// The client has been closed, or the operation was purged by the close.
        case closed
        /// The loaded librdkafka is older than `LibrdkafkaVersion.minimum`.
        case unsupportedLibrary
        /// Anything else; `code` and `message` say what.
        case other
    }

    public let kind: Kind
    /// The raw `rd_kafka_resp_err_t` value, or -1 when the failure is not one of librdkafka's codes.
    public let code: Int32
    /// A human sentence, librdkafka's own message included.
    public let message: String

    public init(kind: Kind, code: Int32 = -1, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// Maps a librdkafka error code; `detail` (an errstr, or context such as the topic)
    /// is appended to librdkafka's description of the code.
    init(_ error: rd_kafka_resp_err_t, detail: String? = nil) {
        let text = String(cString: rd_kafka_err2str(error))
        let message: String
        if let detail, !detail.isEmpty, detail != text {
            message = "\(text): \(detail)"
        } else {
            message = text
        }
        self.init(kind: Self.kind(of: error), code: error.rawValue, message: message)
    }

    /// Maps a raw `rd_kafka_resp_err_t` value (for callers that only have the number).
    public init(code: Int32, detail: String? = nil) {
        self.init(rd_kafka_resp_err_t(code), detail: detail)
    }

    public var description: String {
        code == -1
            ? "KafkaError.\(kind.rawValue): \(message)"
            : "KafkaError.\(kind.rawValue) (\(code)): \(message)"
    }

    static func closed(_ what: String) -> KafkaError {
        KafkaError(kind: .closed, message: "\(what) has been closed")
    }

    /// librdkafka's codes grouped by what a caller can do about them.
    static func kind(of error: rd_kafka_resp_err_t) -> Kind {
        switch error {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
             RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR__SSL,
             RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
             RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR__NODE_UPDATE,
             RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
             RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
            return .transport
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
             RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            return .timeout
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
            return .queueFull
        case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
             RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            return .unknownTopic
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
            return .topicAlreadyExists
        case RD_KAFKA_RESP_ERR__FATAL:
            return .fatal
        case RD_KAFKA_RESP_ERR__DESTROY, RD_KAFKA_RESP_ERR__PURGE_QUEUE,
             RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
            return .closed
        case RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR__INVALID_TYPE,
             RD_KAFKA_RESP_ERR__UNKNOWN_PROTOCOL, RD_KAFKA_RESP_ERR_INVALID_CONFIG,
             RD_KAFKA_RESP_ERR_INVALID_PARTITIONS, RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR,
             RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
            return .configuration
        default:
            return .other
        }
    }
}

extension String {
    /// Reads a NUL-terminated errstr buffer filled by librdkafka.
    init(errstr buffer: [CChar]) {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self.init(decoding: bytes, as: UTF8.self)
    }
}
