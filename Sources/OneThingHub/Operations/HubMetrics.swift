/// The metrics `hubd` exposes, declared on one registry with their help texts, so the
/// pipeline counts through named methods instead of spelling metric names:
///
/// | name | type | labels | meaning |
/// |---|---|---|---|
/// | `onething_messages_in_total` | counter | `topic` | messages consumed |
/// | `onething_messages_out_total` | counter | `topic` | messages produced and acknowledged |
/// | `onething_deadletters_total` | counter | `code` | messages sent to the dead-letter topic, by `dlq_code` |
/// | `onething_undeliverable_total` | counter | `topic` | outgoing messages Kafka refused for good, set aside |
/// | `onething_applications` | gauge | `state` | applications in the store, by application state |
/// | `onething_matters_overdue` | gauge | | matters past their time limit and not final |
/// | `onething_outbox_depth` | gauge | | messages written to the store's outbox, not yet acknowledged by Kafka |
/// | `onething_consumer_lag` | gauge | `topic`, `partition` | messages between the committed offset and the partition's end |
/// | `onething_store_busy_total` | counter | | store write attempts that found the store locked by another process |
/// | `onething_restore_records_total` | counter | | state-topic records read while restoring assigned partitions |
/// | `onething_restoring_partitions` | gauge | | assigned partitions whose state is being restored from the state topic |
/// | `onething_unsigned_messages_total` | counter | `sender` | unsigned messages let through by a `verify-if-present` policy |
///
/// Store-derived gauges (applications by state, overdue matters, outbox depth) are best
/// supplied lazily with `registry.addCollector`, using these names; the setters are there
/// for figures the pipeline already has in hand.
public struct HubMetrics: Sendable {
    public static let messagesIn = "onething_messages_in_total"
    public static let messagesOut = "onething_messages_out_total"
    public static let deadLetters = "onething_deadletters_total"
    public static let undeliverableMessages = "onething_undeliverable_total"
    public static let applications = "onething_applications"
    public static let mattersOverdue = "onething_matters_overdue"
    public static let outboxDepth = "onething_outbox_depth"
    public static let consumerLag = "onething_consumer_lag"
    public static let storeBusy = "onething_store_busy_total"
    public static let restoreRecords = "onething_restore_records_total"
    public static let restoringPartitions = "onething_restoring_partitions"
    public static let unsignedMessages = "onething_unsigned_messages_total"

    public static let help: [String: String] = [
        messagesIn: "Messages consumed from Kafka, by topic.",
        messagesOut: "Messages produced to Kafka and acknowledged by the broker, by topic.",
        deadLetters: "Messages sent to the dead-letter topic, by dlq_code.",
        undeliverableMessages: "Outgoing messages Kafka refused for good (or too large for it), set aside, by destination topic.",
        applications: "Applications in the correlation store, by application state.",
        mattersOverdue: "Matters past their time limit that are not final.",
        outboxDepth: "Messages in the store's outbox not yet acknowledged by Kafka.",
        consumerLag: "Messages between the committed offset and the end of the partition.",
        storeBusy: "Store write attempts that found the store locked by another process (each is retried).",
        restoreRecords: "State-topic records read while restoring assigned partitions.",
        restoringPartitions: "Assigned partitions whose state is being restored from the state topic.",
        unsignedMessages: "Unsigned messages accepted under a verify-if-present signature policy, by sender (ce_source).",
    ]

    public let registry: MetricsRegistry
    private let messagesInCounter: MetricsCounter
    private let messagesOutCounter: MetricsCounter
    private let deadLettersCounter: MetricsCounter
    private let undeliverableCounter: MetricsCounter
    private let applicationsGauge: MetricsGauge
    private let mattersOverdueGauge: MetricsGauge
    private let outboxDepthGauge: MetricsGauge
    private let consumerLagGauge: MetricsGauge
    private let storeBusyCounter: MetricsCounter
    private let restoreRecordsCounter: MetricsCounter
    private let restoringPartitionsGauge: MetricsGauge
    private let unsignedMessagesCounter: MetricsCounter

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        func help(_ name: String) -> String { Self.help[name] ?? "" }
        messagesInCounter = registry.counter(Self.messagesIn, help: help(Self.messagesIn))
        messagesOutCounter = registry.counter(Self.messagesOut, help: help(Self.messagesOut))
        deadLettersCounter = registry.counter(Self.deadLetters, help: help(Self.deadLetters))
        undeliverableCounter = registry.counter(Self.undeliverableMessages, help: help(Self.undeliverableMessages))
        applicationsGauge = registry.gauge(Self.applications, help: help(Self.applications))
        mattersOverdueGauge = registry.gauge(Self.mattersOverdue, help: help(Self.mattersOverdue))
        outboxDepthGauge = registry.gauge(Self.outboxDepth, help: help(Self.outboxDepth))
        consumerLagGauge = registry.gauge(Self.consumerLag, help: help(Self.consumerLag))
        storeBusyCounter = registry.counter(Self.storeBusy, help: help(Self.storeBusy))
        restoreRecordsCounter = registry.counter(Self.restoreRecords, help: help(Self.restoreRecords))
        restoringPartitionsGauge = registry.gauge(Self.restoringPartitions, help: help(Self.restoringPartitions))
        restoringPartitionsGauge.set(0)
        unsignedMessagesCounter = registry.counter(Self.unsignedMessages, help: help(Self.unsignedMessages))
    }

    public func messageIn(topic: String, count: Int = 1) {
        messagesInCounter.increment(by: Double(count), labels: ["topic": topic])
    }

    public func messageOut(topic: String, count: Int = 1) {
        messagesOutCounter.increment(by: Double(count), labels: ["topic": topic])
    }

    public func deadLetter(code: String) {
        deadLettersCounter.increment(labels: ["code": code])
    }

    public func undeliverable(topic: String) {
        undeliverableCounter.increment(labels: ["topic": topic])
    }

    public func setApplications(state: String, count: Int) {
        applicationsGauge.set(Double(count), labels: ["state": state])
    }

    public func storeBusy() {
        storeBusyCounter.increment()
    }

    public func restoreRecords(_ count: Int) {
        restoreRecordsCounter.increment(by: Double(count))
    }

    public func setRestoringPartitions(_ count: Int) {
        restoringPartitionsGauge.set(Double(count))
    }

    public func unsignedMessage(sender: String) {
        unsignedMessagesCounter.increment(labels: ["sender": sender])
    }

    public func setMattersOverdue(_ count: Int) {
        mattersOverdueGauge.set(Double(count))
    }

    public func setOutboxDepth(_ count: Int) {
        outboxDepthGauge.set(Double(count))
    }

    public func setConsumerLag(topic: String, partition: Int32, lag: Int64) {
        consumerLagGauge.set(Double(lag), labels: ["topic": topic, "partition": String(partition)])
    }

    /// Adds a scrape-time collector to the underlying registry (see `MetricsRegistry`).
    public func addCollector(_ collector: @escaping MetricsRegistry.Collector) {
        registry.addCollector(collector)
    }

    /// A collected gauge with the help text of one of the names above.
    public static func collected(_ name: String, labels: [String: String] = [:], value: Double) -> MetricsRegistry.CollectedGauge {
        MetricsRegistry.CollectedGauge(name: name, help: help[name] ?? "", labels: labels, value: value)
    }
}
