import Foundation
import Testing
@testable import OneThingKafka

@Suite struct ThroughputTests {
    /// ONETHING_BENCH=1 swift test --filter ThroughputTests  (excluded by default).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ONETHING_BENCH"] != nil))
    func hundredThousandMessageRoundTrip() async throws {
        let figures = try await KafkaThroughputProbe.run(messages: 100_000, payloadBytes: 64, partitions: 3)
        print("OneThingKafka round trip on the mock cluster: \(figures)")
        #expect(figures.producedPerSecond > 0)
        #expect(figures.consumedPerSecond > 0)
    }

    @Test func probeRefusesSizesTheMockWouldTrim() async {
        let error = await #expect(throws: KafkaError.self) {
            _ = try await KafkaThroughputProbe.run(messages: 400_000, payloadBytes: 100, partitions: 3)
        }
        #expect(error?.kind == .configuration)
    }

    @Test func smallProbeRoundTripsEverything() async throws {
        let figures = try await KafkaThroughputProbe.run(messages: 2_000, payloadBytes: 30, partitions: 3)
        #expect(figures.messages == 2_000)
    }
}

@Suite struct LifecycleTests {
    /// Clients dropped without close tear themselves down on their own threads
    /// (run under the address sanitizer this shows nothing leaks or is freed twice).
    @Test func clientsDroppedWithoutCloseCleanUp() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("dropped")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let completions = Counter()
        do {
            let producer = try KafkaProducer(configuration: mockConfiguration(cluster))
            for index in 0..<100 {
                try producer.send(OutgoingMessage(topic: topic, key: nil, value: "\(index)".bytes)) { _ in
                    completions.increment()
                }
            }
            let consumer = try KafkaConsumer(configuration: mockConfiguration(cluster), groupID: uniqueName("g"))
            try consumer.subscribe(topics: [topic])
            _ = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(100))
            _ = try KafkaAdmin(configuration: mockConfiguration(cluster))
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while completions.value < 100 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        // Every record's completion ran exactly once (delivered, or failed by the close).
        #expect(completions.value == 100)
        try await Task.sleep(for: .milliseconds(300))
    }
}
