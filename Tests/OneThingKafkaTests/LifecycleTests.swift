import Foundation
import Testing
@testable import OneThingKafka

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
