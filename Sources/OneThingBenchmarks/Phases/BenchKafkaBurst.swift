import OneThingKafka
import OneThingSupport

/// How long the mock takes to acknowledge a burst of records spread over many
/// partitions (what the hub's outbox publish waits for after each batch), against the
/// same burst into one partition. Why both: on a mock whose broker sockets keep Nagle's
/// algorithm on, a burst over several partitions waits for the client's delayed ACK
/// (pipelined responses), and the gap between the two figures shows whether
/// `MockListenerTuning` took effect. Real brokers set TCP_NODELAY.
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
            let remaining = Locked(records)
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
        return Percentiles<Double>(times).percentile(50) ?? 0
    }
}
