import Foundation
@testable import OneThingKafka
import OneThingSupport

/// Quick client settings for the in-process mock cluster.
func mockConfiguration(_ cluster: MockCluster, messageTimeout: Duration = .seconds(20)) -> KafkaConfiguration {
    var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
    configuration.messageTimeout = messageTimeout
    configuration.socketTimeout = .seconds(3)
    // The mock holds a group that a member left in "joining" for session.timeout - 1 s
    // before a newcomer is admitted: keep it short so a reopened consumer starts quickly.
    configuration.sessionTimeout = .seconds(3)
    configuration.properties["heartbeat.interval.ms"] = "500"
    configuration.properties["reconnect.backoff.max.ms"] = "500"
    configuration.logLevel = 2
    configuration.properties["topic.metadata.refresh.interval.ms"] = "1000"
    return configuration
}

func uniqueName(_ stem: String) -> String {
    "\(stem)-\(UUID().uuidString.prefix(8))"
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// Sends `count` records "m0", "m1", ... without keys, each acknowledged before the next.
func produce(_ producer: KafkaProducer, topic: String, count: Int) async throws {
    for index in 0..<count {
        _ = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: "m\(index)".bytes))
    }
}

/// A one-partition topic on a new one-broker mock cluster holding "m0" ... "m<count-1>",
/// produced with `configuration` (made from the cluster's quick settings by `adjust`).
/// Keep the cluster for as long as the topic is read.
func topicHolding(_ count: Int, stem: String, adjust: (inout KafkaConfiguration) -> Void = { _ in }) async throws
    -> (cluster: MockCluster, topic: String, configuration: KafkaConfiguration) {
    let cluster = try MockCluster(brokers: 1)
    let topic = uniqueName(stem)
    try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
    var configuration = mockConfiguration(cluster)
    adjust(&configuration)
    let producer = try KafkaProducer(configuration: configuration)
    try await produce(producer, topic: topic, count: count)
    await producer.close(timeout: .seconds(5))
    return (cluster, topic, configuration)
}

/// Polls `consumer` until `events` holds a rebalance event or 10 s pass.
func pollUntilRebalanced(_ consumer: KafkaConsumer, _ events: EventLog<RebalanceEvent>) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while events.all.isEmpty && ContinuousClock.now < deadline {
        _ = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(200))
    }
}

/// Polls until `count` messages arrived or `deadline` passed.
func consume(_ consumer: KafkaConsumer, count: Int, within deadline: Duration = .seconds(60),
             batch: Int = 500) async throws -> [ConsumedMessage] {
    var received: [ConsumedMessage] = []
    let end = ContinuousClock.now + deadline
    while received.count < count && ContinuousClock.now < end {
        received += try await consumer.poll(maxMessages: batch, timeout: .milliseconds(200))
    }
    return received
}

/// What callbacks on other threads (rebalances, close waiters) reported, in order.
final class EventLog<Event: Sendable>: Sendable {
    private let events = Locked<[Event]>([])
    func append(_ event: Event) { events.withLock { $0.append(event) } }
    var all: [Event] { events.withLock { $0 } }
}
