import CRdKafka

/// One line librdkafka logged, handed to `KafkaConfiguration.logHandler`.
public struct KafkaLogRecord: Sendable, Hashable {
    /// Syslog severity: 0 emergency ... 3 error, 4 warning, 5 notice, 6 info, 7 debug.
    public let level: Int32
    /// librdkafka's short tag for the subsystem, e.g. `CONFWARN`, `FAIL`, `REQTMOUT`.
    public let facility: String
    public let message: String
    /// The client's name (`rd_kafka_name`): `client.id#producer-1`, `client.id#consumer-2`.
    public let client: String

    public init(level: Int32, facility: String, message: String, client: String) {
        self.level = level
        self.facility = facility
        self.message = message
        self.client = client
    }
}

/// A conf opaque that can carry a log handler. The log callback finds it through
/// `rd_kafka_opaque`, so it lives exactly as long as the other callbacks' context: the
/// `KafkaHandle` retains it until `rd_kafka_destroy` has returned.
protocol KafkaLogSource: AnyObject {
    /// Immutable after creation, so librdkafka's threads read it without a lock.
    var logHandler: (@Sendable (KafkaLogRecord) -> Void)? { get }
}

/// The conf opaque of clients that have no other callback context (admin).
final class LogOnlyContext: KafkaLogSource, Sendable {
    let logHandler: (@Sendable (KafkaLogRecord) -> Void)?

    init(logHandler: (@Sendable (KafkaLogRecord) -> Void)?) {
        self.logHandler = logHandler
    }
}

extension ProducerContext: KafkaLogSource {}
extension ConsumerContext: KafkaLogSource {}

/// `log_cb`: called by librdkafka on its internal threads (and on the thread running
/// `rd_kafka_new` or `rd_kafka_destroy`), never through a poll queue (`log.queue` stays false).
let clientLogCallback: @convention(c) (
    OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?
) -> Void = { rk, level, facility, message in
    guard let rk, let opaque = rd_kafka_opaque(rk) else { return }
    let context = Unmanaged<AnyObject>.fromOpaque(opaque).takeUnretainedValue()
    guard let source = context as? KafkaLogSource, let handler = source.logHandler else { return }
    handler(KafkaLogRecord(
        level: level,
        facility: facility.map { String(cString: $0) } ?? "",
        message: message.map { String(cString: $0) } ?? "",
        client: rd_kafka_name(rk).map { String(cString: $0) } ?? ""
    ))
}
