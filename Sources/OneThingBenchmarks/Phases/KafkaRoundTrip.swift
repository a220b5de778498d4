import OneThingKafka
import OneThingSupport

/// The Kafka layer's produce and consume rates on their own: `messages` keyed records
/// produced with the callback `send` (until every one is acknowledged), then consumed in
/// one group with `poll`, on a fresh mock cluster. Unlike the limit, which interleaves
/// both at the hub's message sizes, this separates the two directions.
///
/// The mock keeps at most `MockCluster.retainedBytesPerPartition` or
/// `retainedMessagesPerPartition` per partition, so sizes that would be trimmed are
/// refused: the figures would then measure lost records.
struct BenchKafkaRoundTrip {
    var messages = 100_000
    var payloadBytes = 64
    var partitions: Int32 = 3

    struct Figures: Sendable {
        let messages: Int
        /// Until the last record was handed to librdkafka (the rest is waiting for acks).
        let enqueueSeconds: Double
        /// Until every record was acknowledged.
        let produceSeconds: Double
        let consumeSeconds: Double
        var producedPerSecond: Double { produceSeconds > 0 ? Double(messages) / produceSeconds : 0 }
        var consumedPerSecond: Double { consumeSeconds > 0 ? Double(messages) / consumeSeconds : 0 }
    }

    /// Whether the mock would keep every record: half its per-partition budgets, leaving
    /// room for keys that spread the records unevenly.
    var fitsTheMock: Bool {
        guard messages > 0, payloadBytes >= 0, partitions > 0 else { return false }
        let perPartition = messages / Int(partitions) + 1
        return perPartition * (payloadBytes + 64) <= MockCluster.retainedBytesPerPartition * 9 / 10
            && perPartition <= MockCluster.retainedMessagesPerPartition * 9 / 10
    }

    func run() async throws -> Figures {
        guard fitsTheMock else {
            throw BenchFailure("\(messages) records of \(payloadBytes) bytes over \(partitions) partitions exceed what the mock keeps")
        }
        let cluster = try MockCluster(brokers: 1)
        let topic = "bench-round-trip"
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
        var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.sessionTimeout = .milliseconds(1500)
        var producerConfiguration = configuration
        producerConfiguration.properties["linger.ms"] = "5"
        configuration.properties["heartbeat.interval.ms"] = "300"

        let producer = try KafkaProducer(configuration: producerConfiguration)
        let failures = Locked(0)
        let payload = [UInt8](repeating: 0x61, count: payloadBytes)
        let keys = (0..<1000).map { Array("key-\($0)".utf8) }
        let produceStart = BenchClock.now()
        for index in 0..<messages {
            let message = OutgoingMessage(topic: topic, key: keys[index % keys.count], value: payload)
            try producer.send(message) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
            }
        }
        let enqueueSeconds = BenchClock.seconds(from: produceStart, to: BenchClock.now())
        try await producer.flush(timeout: .seconds(60))
        let produceSeconds = BenchClock.seconds(from: produceStart, to: BenchClock.now())
        await producer.close(timeout: .seconds(5))
        let failed = failures.withLock { $0 }
        guard failed == 0 else { throw BenchFailure("round trip: \(failed) of \(messages) records failed") }

        let consumer = try KafkaConsumer(configuration: configuration, groupID: "bench-round-trip")
        try consumer.subscribe(topics: [topic])
        // Joining the group is not consumption: the clock starts at the first record.
        var received = 0
        var consumeStart: BenchInstant?
        let deadline = BenchClock.now() + 60_000_000_000
        while received < messages && BenchClock.now() < deadline {
            let batch = try await consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
            if consumeStart == nil, !batch.isEmpty { consumeStart = BenchClock.now() }
            received += batch.count
        }
        let consumeSeconds = consumeStart.map { BenchClock.seconds(from: $0, to: BenchClock.now()) } ?? 0
        try await consumer.close(timeout: .seconds(5))
        guard received == messages else { throw BenchFailure("round trip: consumed \(received) of \(messages) records within 60 s") }
        return Figures(messages: messages, enqueueSeconds: enqueueSeconds, produceSeconds: produceSeconds,
                       consumeSeconds: consumeSeconds)
    }
}
