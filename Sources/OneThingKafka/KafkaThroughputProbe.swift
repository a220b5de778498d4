import Foundation

/// A produce-then-consume round trip on a fresh in-process mock cluster, for the
/// benchmark and for a quick check of the layer's overhead.
///
/// The mock keeps at most ~5 MiB or 100,000 records per partition, so the probe refuses
/// sizes that would be trimmed (the figures would then measure lost records).
public enum KafkaThroughputProbe {
    public struct Figures: Sendable, CustomStringConvertible {
        public let messages: Int
        public let payloadBytes: Int
        public let partitions: Int32
        /// Until the last record was handed to librdkafka (the rest is waiting for acks).
        public let enqueueSeconds: Double
        /// Until every record was acknowledged.
        public let produceSeconds: Double
        public let consumeSeconds: Double
        public var producedPerSecond: Double { Double(messages) / produceSeconds }
        public var consumedPerSecond: Double { Double(messages) / consumeSeconds }

        public var description: String {
            let produce = Int(producedPerSecond.rounded())
            let consume = Int(consumedPerSecond.rounded())
            return "\(messages) messages of \(payloadBytes) bytes over \(partitions) partitions: "
                + "produce \(produce) msg/s (\(String(format: "%.3f", produceSeconds)) s, "
                + "enqueued in \(String(format: "%.3f", enqueueSeconds)) s), "
                + "consume \(consume) msg/s (\(String(format: "%.3f", consumeSeconds)) s)"
        }
    }

    /// Produces `messages` keyed records with the callback `send` (waiting for every
    /// acknowledgement), then consumes them all in one group with `poll`.
    public static func run(messages: Int = 100_000, payloadBytes: Int = 64,
                           partitions: Int32 = 3) async throws(KafkaError) -> Figures {
        let perPartition = (messages / max(1, Int(partitions)) + 1) * (payloadBytes + 40)
        guard messages > 0, payloadBytes >= 0, partitions > 0,
              perPartition < 4_500_000, messages / Int(partitions) < 90_000 else {
            throw KafkaError(kind: .configuration,
                             message: "\(messages) records of \(payloadBytes) bytes exceed the mock's 5 MiB / 100,000 records per partition")
        }
        let cluster = try MockCluster(brokers: 1)
        let topic = "throughput-probe"
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
        var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.sessionTimeout = .milliseconds(1500)
        var producerConfiguration = configuration
        producerConfiguration.properties["linger.ms"] = "5"
        configuration.properties["heartbeat.interval.ms"] = "300"

        let producer = try KafkaProducer(configuration: producerConfiguration)
        let tally = Tally()
        let payload = [UInt8](repeating: 0x61, count: payloadBytes)
        let keys = (0..<1000).map { Array("key-\($0)".utf8) }
        let produceStart = ContinuousClock.now
        for index in 0..<messages {
            let message = OutgoingMessage(topic: topic, key: keys[index % keys.count], value: payload)
            try producer.send(message) { result in tally.record(result) }
        }
        let enqueueSeconds = (ContinuousClock.now - produceStart).seconds
        try await producer.flush(timeout: .seconds(60))
        let produceSeconds = (ContinuousClock.now - produceStart).seconds
        await producer.close(timeout: .seconds(5))
        if let failure = tally.firstFailure { throw failure }

        let consumer = try KafkaConsumer(configuration: configuration, groupID: "throughput-probe")
        try consumer.subscribe(topics: [topic])
        // Joining the group is not consumption: start the clock at the first record.
        var received = 0
        var consumeStart: ContinuousClock.Instant?
        let deadline = ContinuousClock.now + .seconds(60)
        while received < messages && ContinuousClock.now < deadline {
            let batch = try await consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
            if consumeStart == nil, !batch.isEmpty { consumeStart = ContinuousClock.now }
            received += batch.count
        }
        let consumeSeconds = (ContinuousClock.now - (consumeStart ?? ContinuousClock.now)).seconds
        try await consumer.close(timeout: .seconds(5))
        guard received == messages else {
            throw KafkaError(kind: .timeout, message: "consumed \(received) of \(messages) records within 60 s")
        }
        return Figures(messages: messages, payloadBytes: payloadBytes, partitions: partitions,
                       enqueueSeconds: enqueueSeconds, produceSeconds: produceSeconds, consumeSeconds: consumeSeconds)
    }

    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var failure: KafkaError?
        func record(_ result: Result<DeliveryReport, KafkaError>) {
            guard case .failure(let error) = result else { return }
            lock.lock()
            if failure == nil { failure = error }
            lock.unlock()
        }
        var firstFailure: KafkaError? {
            lock.lock()
            defer { lock.unlock() }
            return failure
        }
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
