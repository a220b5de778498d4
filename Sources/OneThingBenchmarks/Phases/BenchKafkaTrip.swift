import Foundation
import OneThingKafka
import OneThingSupport

/// One Kafka trip on the mock, alone: a producer with the departments' settings sends a
/// keyed message every `interval` to a topic of `partitions` partitions, a consumer with
/// the hub's settings reads it; the time from `send` to the poll returning it is one
/// trip. It tells how much of the hop is the mock's, not the hub's.
struct BenchKafkaTrip {
    let partitions: Int32
    let messages: Int
    let interval: Duration
    var consumerProperties: [String: String] = ["fetch.wait.max.ms": "10"]
    var producerProperties: [String: String] = ["linger.ms": "1"]

    func run() async throws -> [Double] {
        let cluster = try MockCluster(brokers: 1)
        let topic = "bench-trip"
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
        var producerConfiguration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        producerConfiguration.properties = producerProperties
        let producer = try KafkaProducer(configuration: producerConfiguration)
        var consumerConfiguration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        consumerConfiguration.properties = consumerProperties
        let assigned = Locked(false)
        let consumer = try KafkaConsumer.bench(consumerConfiguration, groupID: "bench-trip", topics: [topic]) {
            assigned.withLock { $0 = true }
        }
        try await consumer.joinBeforeTiming(assigned, what: "trip consumer")
        // Warm the producer (connection, idempotent producer id) before timing.
        _ = try await producer.send(OutgoingMessage(topic: topic, key: Array("warm".utf8), value: Array("warm".utf8)))
        _ = try await consumer.poll(maxMessages: 10, timeout: .seconds(2))

        let sentAt = Locked([String: BenchInstant]())
        let pump = Task.detached {
            for index in 0..<messages {
                let key = "trip-\(index)"
                sentAt.withLock { $0[key] = BenchClock.now() }
                try producer.send(OutgoingMessage(topic: topic, key: Array(key.utf8), value: Array(repeating: 0x61, count: 500))) { _ in }
                try await Task.sleep(for: interval)
            }
        }
        var trips: [Double] = []
        let start = BenchClock.now()
        while trips.count < messages, BenchClock.seconds(from: start, to: BenchClock.now()) < 60 {
            let batch = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(50))
            let now = BenchClock.now()
            for message in batch {
                guard let key = message.key.map({ String(decoding: $0, as: UTF8.self) }),
                      let sent = sentAt.withLock({ $0[key] }) else { continue }
                trips.append(BenchClock.seconds(from: sent, to: now) * 1000)
            }
        }
        _ = await pump.result
        try? await consumer.close(timeout: .seconds(2))
        await producer.close(timeout: .seconds(2))
        return trips
    }
}
