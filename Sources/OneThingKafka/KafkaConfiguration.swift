/// How to reach the cluster and tune a client.
///
/// Typed values cover what this project tunes; `properties` passes any librdkafka property
/// (CONFIGURATION.md) through verbatim and is applied last, so it overrides both the typed
/// values and this layer's defaults. librdkafka validates every name and value when the
/// client is created: a bad one is a thrown `KafkaError(.configuration)` with its errstr.
///
/// One configuration may serve every client of a process: pass-through properties of the
/// other role (a consumer-only one on a producer, and so on; see `KafkaPropertyRoles`) are
/// left out of each client rather than set and warned about by librdkafka.
public struct KafkaConfiguration: Sendable {
    /// "host:port,host:port".
    public var bootstrapServers: String
    public var clientID: String = "onething-hub"
    /// Any librdkafka property, passed through last.
    public var properties: [String: String] = [:]

    /// How long a produced record may wait for acknowledgement, retries included
    /// (`message.timeout.ms`). After it the send fails with `.timeout`.
    public var messageTimeout: Duration = .seconds(30)
    /// Network request timeout (`socket.timeout.ms`).
    public var socketTimeout: Duration = .seconds(10)
    /// Producer idempotence (`enable.idempotence`): retries never duplicate or reorder.
    public var idempotentProducer: Bool = true
    /// Where a consumer group with no committed offset starts (`auto.offset.reset`).
    public var autoOffsetReset: AutoOffsetReset = .earliest
    /// Consumer group session timeout (`session.timeout.ms`).
    public var sessionTimeout: Duration = .seconds(10)
    /// librdkafka's syslog-style log level (`log_level`, 0-7); nil keeps librdkafka's default.
    public var logLevel: Int? = nil
    /// Receives librdkafka's log lines instead of standard error; nil keeps librdkafka's
    /// default (lines like `%4|...|CONFWARN|...` on stderr). It is called on librdkafka's
    /// internal threads, concurrently and possibly during client creation and close, so it
    /// must be thread-safe and quick (see <doc:ThreadingModel>).
    public var logHandler: (@Sendable (KafkaLogRecord) -> Void)? = nil

    public enum AutoOffsetReset: String, Sendable {
        case earliest, latest
    }

    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
    }

    /// librdkafka's default `message.max.bytes`.
    public static let defaultMessageMaxBytes = 1_000_000

    /// The `message.max.bytes` that `properties` set (surrounding spaces allowed), else
    /// librdkafka's default: what a producer refuses above, and what a consumer's
    /// `fetch.max.bytes` may not be below.
    public static func messageMaxBytes(in properties: [String: String]) -> Int {
        properties["message.max.bytes"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? defaultMessageMaxBytes
    }

    /// The properties every client gets, before role defaults and pass-through.
    var commonProperties: [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            ("socket.timeout.ms", String(socketTimeout.milliseconds)),
        ]
        if let logLevel { result.append(("log_level", String(logLevel))) }
        if LibrdkafkaVersion.installed >= LibrdkafkaVersion.clientMetricsPush { result.append(("enable.metrics.push", "false")) }
        return result
    }

    /// Producer: idempotent, murmur2 partitioning (Java-compatible key placement).
    var producerProperties: [(String, String)] {
        commonProperties + [
            ("enable.idempotence", idempotentProducer ? "true" : "false"),
            ("partitioner", "murmur2_random"),
            ("message.timeout.ms", String(messageTimeout.milliseconds)),
        ] + passThrough(for: .producer)
    }

    /// Consumer: offsets are stored and committed only by the application, after processing.
    func consumerProperties(groupID: String) -> [(String, String)] {
        commonProperties + [
            ("group.id", groupID),
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("session.timeout.ms", String(sessionTimeout.milliseconds)),
            ("enable.partition.eof", "false"),
        ] + passThrough(for: .consumer)
    }

    /// Admin: a plain client handle.
    var adminProperties: [(String, String)] {
        commonProperties + passThrough(for: .admin)
    }

    /// The pass-through properties a client of `role` takes, sorted by name.
    func passThrough(for role: KafkaClientRole) -> [(String, String)] {
        properties
            .filter { KafkaPropertyRoles.applies($0.key, to: role) }
            .sorted { $0.key < $1.key }
            .map { ($0.key, $0.value) }
    }
}

extension Duration {
    /// Whole milliseconds, clamped to what librdkafka's `int` timeouts accept.
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        if millis.overflow { return seconds < 0 ? 0 : Int32.max }
        let total = millis.partialValue + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }
}
