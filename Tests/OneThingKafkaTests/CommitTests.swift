import Foundation
import Testing
@testable import OneThingKafka

@Suite struct CommitTests {
    /// Commit 3 of 5, close, reopen in the same group: reading resumes at the 4th record,
    /// so the uncommitted 4th and 5th are delivered again.
    @Test func reopenedConsumerResumesAfterLastCommit() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("commit")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let configuration = mockConfiguration(cluster)
        let group = uniqueName("group")

        let producer = try KafkaProducer(configuration: configuration)
        try await produce(producer, topic: topic, count: 5)
        await producer.close(timeout: .seconds(5))

        let first = try KafkaConsumer(configuration: configuration, groupID: group)
        try first.subscribe(topics: [topic])
        let all = try await consume(first, count: 5)
        try #require(all.count == 5)
        try await first.commit(Array(all.prefix(3)))
        try await first.close(timeout: .seconds(5))

        let second = try KafkaConsumer(configuration: configuration, groupID: group)
        try second.subscribe(topics: [topic])
        let again = try await consume(second, count: 2)
        // Nothing more than the two uncommitted records may arrive.
        let extra = try await second.poll(maxMessages: 10, timeout: .milliseconds(300))
        try await second.close(timeout: .seconds(5))

        #expect(again.map(\.offset) == [3, 4])
        #expect(again.compactMap(\.value).map(\.text) == ["m3", "m4"])
        #expect(extra.isEmpty)
    }

    @Test func explicitOffsetsAreNextToRead() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("offsets")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let configuration = mockConfiguration(cluster)
        let group = uniqueName("group")
        let producer = try KafkaProducer(configuration: configuration)
        try await produce(producer, topic: topic, count: 4)
        await producer.close(timeout: .seconds(5))

        let first = try KafkaConsumer(configuration: configuration, groupID: group)
        try first.subscribe(topics: [topic])
        _ = try await consume(first, count: 4)
        try await first.commit(offsets: [TopicPartitionOffset(topic: topic, partition: 0, offset: 1)])
        try await first.close(timeout: .seconds(5))

        let second = try KafkaConsumer(configuration: configuration, groupID: group)
        try second.subscribe(topics: [topic])
        let again = try await consume(second, count: 3)
        try await second.close(timeout: .seconds(5))
        #expect(again.map(\.offset) == [1, 2, 3])
    }

    @Test func rebalanceEventsAreReported() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("rebalance")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        let events = EventLog<RebalanceEvent>()
        let consumer = try KafkaConsumer(configuration: mockConfiguration(cluster), groupID: uniqueName("g"),
                                         onRebalance: { events.append($0) })
        try consumer.subscribe(topics: [topic])
        try await pollUntilRebalanced(consumer, events)
        try await consumer.close(timeout: .seconds(5))
        let expected = [TopicPartition(topic: topic, partition: 0), TopicPartition(topic: topic, partition: 1)]
        #expect(events.all == [.assigned(expected), .revoked(expected)])
    }

    @Test func cooperativeRebalanceIsIncremental() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("cooperative")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        var configuration = mockConfiguration(cluster)
        configuration.properties["partition.assignment.strategy"] = "cooperative-sticky"
        let events = EventLog<RebalanceEvent>()
        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("g"),
                                         onRebalance: { events.append($0) })
        try consumer.subscribe(topics: [topic])
        try await pollUntilRebalanced(consumer, events)
        try await consumer.close(timeout: .seconds(5))
        let expected = [TopicPartition(topic: topic, partition: 0), TopicPartition(topic: topic, partition: 1)]
        #expect(events.all.first == .assigned(expected))
        #expect(events.all.last == .revoked(expected))
    }

    @Test func closeIsIdempotentAndLaterCallsThrowClosed() async throws {
        let cluster = try MockCluster(brokers: 1)
        let consumer = try KafkaConsumer(configuration: mockConfiguration(cluster), groupID: uniqueName("g"))
        try await consumer.close(timeout: .seconds(5))
        try await consumer.close(timeout: .seconds(5))
        let error = await #expect(throws: KafkaError.self) {
            _ = try await consumer.poll(maxMessages: 1, timeout: .milliseconds(10))
        }
        #expect(error?.kind == .closed)
        #expect(throws: KafkaError.self) { try consumer.subscribe(topics: ["x"]) }
    }

    /// With the coordinator unreachable, a commit gives up after its bound (instead of
    /// holding the consumer's thread, and so its polls and its close, indefinitely).
    @Test func commitToAnUnreachableBrokerEndsAtItsBound() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("down")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let configuration = mockConfiguration(cluster)
        let producer = try KafkaProducer(configuration: configuration)
        _ = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: "m".bytes))
        await producer.close(timeout: .seconds(5))
        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("group"))
        try consumer.subscribe(topics: [topic])
        let read = try await consume(consumer, count: 1)
        try #require(read.count == 1)

        cluster.setBrokerDown(1)
        let start = ContinuousClock.now
        await #expect(throws: KafkaError.self) { try await consumer.commit(read, timeout: .seconds(1)) }
        #expect(ContinuousClock.now - start < .seconds(4))
        // The close is not queued behind the commit; librdkafka itself still lets the
        // abandoned commit request time out (about 5 s on the mock) before it lets go.
        let closing = ContinuousClock.now
        try? await consumer.close(timeout: .seconds(1))
        #expect(ContinuousClock.now - closing < .seconds(9))
        cluster.setBrokerUp(1)
    }
}
