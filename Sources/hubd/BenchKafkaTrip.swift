import Foundation
import OneThingKafka

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
        let assigned = BenchLocked(false)
        let consumer = try KafkaConsumer.bench(consumerConfiguration, groupID: "bench-trip", topics: [topic]) {
            assigned.withLock { $0 = true }
        }
        try await consumer.joinBeforeTiming(assigned, what: "trip consumer")
        // Warm the producer (connection, idempotent producer id) before timing.
        _ = try await producer.send(OutgoingMessage(topic: topic, key: Array("warm".utf8), value: Array("warm".utf8)))
        _ = try await consumer.poll(maxMessages: 10, timeout: .seconds(2))

        let sentAt = BenchLocked([String: BenchInstant]())
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

/// How long the mock takes to acknowledge a burst of records spread over many
/// partitions (what the hub's outbox publish waits for after each batch), against the
/// same burst into one partition. On librdkafka's mock a burst over several partitions
/// costs ~40-50 ms more: its broker sockets keep Nagle's algorithm on, so pipelined
/// responses wait for the client's delayed ACK. Real brokers set TCP_NODELAY.
struct BenchKafkaBurst {
    let records: Int
    let topics: Int
    let partitions: Int32
    /// The hub's producer settings (`HubService.producerDefaults` and any `--hub-kafka-property`).
    let producerProperties: [String: String]

    /// Median milliseconds from the first send of a burst to its last acknowledgement.
    func run(rounds: Int = 10) async throws -> Double {
        let cluster = try MockCluster(brokers: 1)
        let names = (0..<topics).map { "bench-burst-\($0)" }
        for name in names { try cluster.createTopic(name, partitions: partitions, replicationFactor: 1) }
        var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.properties = producerProperties
        let producer = try KafkaProducer(configuration: configuration)
        for name in names { _ = try await producer.send(OutgoingMessage(topic: name, key: nil, value: [1])) }
        var times: [Double] = []
        for round in 0..<rounds {
            let start = BenchClock.now()
            let remaining = BenchLocked(records)
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                for index in 0..<records {
                    let message = OutgoingMessage(topic: names[index % topics], key: Array("k-\(round)-\(index)".utf8),
                                                  value: [UInt8](repeating: 0x61, count: 800))
                    let done: @Sendable () -> Void = {
                        if remaining.withLock({ $0 -= 1; return $0 }) == 0 { continuation.resume() }
                    }
                    do { try producer.send(message) { _ in done() } } catch { done() }
                }
            }
            times.append(BenchClock.seconds(from: start, to: BenchClock.now()) * 1000)
            try await Task.sleep(for: .milliseconds(20))
        }
        await producer.close(timeout: .seconds(2))
        return BenchDistribution(times).percentile(50) ?? 0
    }
}
