import Foundation
import OneThingHub
import OneThingKafka
import OneThingSupport

/// The limit: the hub run's message volume through the Kafka layer alone. The same number
/// of messages, of the same mean sizes, as the hub consumed (intake + replies) and
/// produced (requests + statuses), each produced once and consumed once, on a fresh mock
/// cluster, with the hub's client settings (`HubService.producerDefaults` and
/// `consumerDefaults`, and any `--hub-kafka-property`). The producer never runs more than
/// `window` messages ahead of the consumer, nor so far that a mock partition could hold
/// half of what the mock keeps (`MockCluster.retainedBytesPerPartition`): past that the
/// mock drops unread messages and the replay can never finish. With few partitions and
/// the hub's message sizes that bound, not the caller's window, is the tighter one.
struct BenchRawLimit {
    let inbound: BenchTally
    let outbound: BenchTally
    let partitions: Int32
    let window: Int
    /// The hub's extra librdkafka properties, so the limit uses the same client settings.
    let hubKafkaProperties: [String: String]

    struct Figures: Sendable {
        let messages: Int
        let seconds: Double
        /// The most messages produced and not yet consumed (see `safeWindow`).
        let window: Int
        var messagesPerSecond: Double { seconds > 0 ? Double(messages) / seconds : 0 }
    }

    func run() async throws -> Figures {
        let cluster = try MockCluster(brokers: 1)
        let topics = ["bench-raw-in", "bench-raw-out"]
        for topic in topics { try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1) }
        var producerConfiguration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        producerConfiguration.properties = HubService.producerDefaults.merging(hubKafkaProperties) { $1 }
        let producer = try KafkaProducer(configuration: producerConfiguration)
        var consumerConfiguration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        consumerConfiguration.properties = HubService.consumerDefaults.merging(hubKafkaProperties) { $1 }
        let assigned = Locked(false)
        let consumer = try KafkaConsumer.bench(consumerConfiguration, groupID: "bench-raw", topics: topics) {
            assigned.withLock { $0 = true }
        }
        // Join the group before the clock starts (joining is not throughput).
        try await consumer.joinBeforeTiming(assigned, what: "raw consumer")

        // Warm up: connection, producer id and topic metadata are not throughput either.
        for topic in topics { _ = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: Array("warm-up".utf8))) }
        var warm = 0
        let warmStart = BenchClock.now()
        while warm < topics.count {
            warm += try await consumer.poll(maxMessages: 10, timeout: .milliseconds(100)).count
            if BenchClock.seconds(from: warmStart, to: BenchClock.now()) > 30 { throw BenchFailure("raw warm-up never arrived") }
        }

        let total = inbound.messages + outbound.messages
        let window = Self.safeWindow(atMost: window, inbound: inbound, outbound: outbound, partitions: Int(partitions))
        let inPayload = [UInt8](repeating: 0x61, count: max(0, inbound.meanBytes - 16))
        let outPayload = [UInt8](repeating: 0x62, count: max(0, outbound.meanBytes - 16))
        let keys = (0..<1000).map { Array("BENCH-\(String(format: "%09d", $0))".utf8) }
        let failures = Locked(0)
        let start = BenchClock.now()
        var produced = 0, consumed = 0
        // Interleave in and out messages in their proportion.
        let inShare = total > 0 ? Double(inbound.messages) / Double(total) : 0
        var producedIn = 0
        while consumed < total {
            let room = min(total - produced, window - (produced - consumed))
            if room > 0 {
                for _ in 0..<room {
                    let inbound = Double(producedIn) < inShare * Double(produced + 1)
                    if inbound { producedIn += 1 }
                    let message = OutgoingMessage(topic: inbound ? topics[0] : topics[1], key: keys[produced % keys.count],
                                                  value: inbound ? inPayload : outPayload)
                    try producer.send(message) { result in
                        if case .failure = result { failures.withLock { $0 += 1 } }
                    }
                    produced += 1
                }
            }
            let batch = try await consumer.poll(maxMessages: 5000, timeout: .milliseconds(100))
            consumed += batch.count
            if batch.isEmpty, BenchClock.seconds(from: start, to: BenchClock.now()) > 120 {
                throw BenchFailure("raw replay: consumed \(consumed) of \(total) within 120 s")
            }
            if failures.withLock({ $0 }) > 0 { throw BenchFailure("raw replay: a produce failed") }
        }
        let seconds = BenchClock.seconds(from: start, to: BenchClock.now())
        try? await consumer.close(timeout: .seconds(3))
        await producer.close(timeout: .seconds(3))
        return Figures(messages: total, seconds: seconds, window: window)
    }

    /// The largest window, up to `most`, in which neither topic's unread messages can
    /// fill more than half of what one mock partition keeps, in bytes or in messages,
    /// assuming the keys spread the messages evenly over the partitions (half leaves room
    /// for them not to).
    static func safeWindow(atMost most: Int, inbound: BenchTally, outbound: BenchTally, partitions: Int) -> Int {
        let total = max(1, inbound.messages + outbound.messages)
        let byteBudget = Double(MockCluster.retainedBytesPerPartition / 2 * max(1, partitions))
        let messageBudget = Double(MockCluster.retainedMessagesPerPartition / 2 * max(1, partitions))
        var window = Double(most)
        for tally in [inbound, outbound] where tally.messages > 0 {
            // Of `window` unread messages, this topic's share, at its mean size (plus the
            // record's own overhead in the mock's message sets).
            let share = Double(tally.messages) / Double(total)
            window = min(window, byteBudget / (share * Double(tally.meanBytes + 64)), messageBudget / share)
        }
        return max(100, Int(window))
    }
}
