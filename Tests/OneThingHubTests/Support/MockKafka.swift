import Foundation
import OneThingExchange
import OneThingKafka
import OneThingSupport

/// Client settings for librdkafka's in-process mock cluster: short session and heartbeat
/// so a consumer that left (or "crashed") is replaced quickly.
enum MockKafka {
    static let fastGroupProperties: [String: String] = [
        "session.timeout.ms": "1500",
        "heartbeat.interval.ms": "300",
        "reconnect.backoff.max.ms": "500",
        "topic.metadata.refresh.interval.ms": "100",
        "log_level": "2",
        "fetch.wait.max.ms": "10",
    ]

    /// `partitioner`: a librdkafka partitioner for producers (nil: the layer's murmur2).
    static func configuration(_ cluster: MockCluster, partitioner: String? = nil) -> KafkaConfiguration {
        var properties = fastGroupProperties
        if let partitioner { properties["partitioner"] = partitioner }
        return KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: properties)
    }

    /// Creates every topic of the flow on the mock cluster, `partitions` each.
    static func createTopics(_ cluster: MockCluster, flow: Flow, partitions: Int32 = 2) throws {
        for topic in flow.topics.all {
            try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
        }
    }

    static func header(_ message: ConsumedMessage, _ name: String) -> String? {
        message.headers.first { $0.key == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Polls `condition` until it holds or `timeout` passes (never a fixed long sleep).
func eventually(within timeout: Duration = .seconds(20), every interval: Duration = .milliseconds(20),
                _ condition: () throws -> Bool) async throws -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try condition()
}

/// A lock-protected value for test collectors fed from background tasks.
typealias Collected = Locked

extension Locked {
    func update<R>(_ body: (inout Value) -> R) -> R { withLock(body) }
    var current: Value { withLock { $0 } }
}
