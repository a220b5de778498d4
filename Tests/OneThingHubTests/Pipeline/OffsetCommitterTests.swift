import Foundation
import Testing
import OneThingKafka
@testable import OneThingHub

/// The committer merges positions handed to it while a commit is with the broker and
/// commits them next, so every position handed to it ends up committed, in order.
@Suite struct OffsetCommitterTests {
    /// A mock cluster (returned so it lives as long as the test) with a topic of two
    /// partitions holding `count` messages, alternating between them.
    private static func topicWithMessages(_ count: Int) async throws -> (MockCluster, String, KafkaConfiguration) {
        let cluster = try MockCluster(brokers: 1)
        let topic = "committer-\(UUID().uuidString.prefix(8))"
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        let configuration = MockKafka.configuration(cluster)
        let producer = try KafkaProducer(configuration: configuration)
        for index in 0..<count {
            var message = OutgoingMessage(topic: topic, key: nil, value: Array("m\(index)".utf8))
            message.partition = Int32(index % 2)
            _ = try await producer.send(message)
        }
        await producer.close(timeout: .seconds(5))
        return (cluster, topic, configuration)
    }

    @Test func batchesHandedOverInQuickSuccessionAreAllCommitted() async throws {
        let (cluster, topic, configuration) = try await Self.topicWithMessages(30)
        defer { withExtendedLifetime(cluster) {} }

        let consumer = try KafkaConsumer(configuration: configuration, groupID: "committer-\(UUID().uuidString.prefix(8))")
        try consumer.subscribe(topics: [topic])
        let committer = OffsetCommitter(consumer: consumer, logger: HubLogger(minimumLevel: .critical))
        var consumed = 0
        let end = ContinuousClock.now + .seconds(60)
        while consumed < 30 && ContinuousClock.now < end {
            // Small batches, handed over at once: most arrive while a commit is under way.
            let batch = try await consumer.poll(maxMessages: 4, timeout: .milliseconds(200))
            consumed += batch.count
            committer.commit(after: batch)
        }
        try #require(consumed == 30)
        #expect(try await eventually { committer.isIdle })
        let lags = try await consumer.lag()
        try await consumer.close(timeout: .seconds(5))
        #expect(lags.map(\.partition) == [0, 1])
        #expect(lags.allSatisfy { $0.basis == .committed && $0.lag == 0 && $0.highWatermark == 15 })
    }

    /// A commit the coordinator refuses (here: "rebalance in progress", as during a
    /// rebalance) is tried again; positions of a batch processed under an owner epoch the
    /// instance no longer holds are never committed.
    @Test func refusedCommitsAreRetriedAndStaleEpochsDropped() async throws {
        let (cluster, topic, configuration) = try await Self.topicWithMessages(6)
        let ownership = PartitionOwnership(inputTopics: [topic], partitionCount: 2)
        let group = "committer-\(UUID().uuidString.prefix(8))"
        let consumer = try KafkaConsumer(configuration: configuration, groupID: group,
                                         onAssignment: { change in ownership.apply(change); return [] })
        try consumer.subscribe(topics: [topic])
        var consumed: [ConsumedMessage] = []
        let end = ContinuousClock.now + .seconds(30)
        while consumed.count < 6 && ContinuousClock.now < end {
            consumed += try await consumer.poll(maxMessages: 10, timeout: .milliseconds(200))
        }
        try #require(consumed.count == 6)
        let epoch = try #require(ownership.epoch(for: 0))
        let committer = OffsetCommitter(consumer: consumer, logger: HubLogger(minimumLevel: .critical), ownership: ownership)
        cluster.pushRequestErrors(apiKey: 8, errors: [27, 27])   // OffsetCommit: REBALANCE_IN_PROGRESS twice
        committer.commit(after: consumed.filter { $0.partition == 0 }, epochs: [0: epoch])
        committer.commit(after: consumed.filter { $0.partition == 1 }, epochs: [1: epoch - 1])
        #expect(try await eventually { committer.isIdle })
        let p0 = TopicPartition(topic: topic, partition: 0), p1 = TopicPartition(topic: topic, partition: 1)
        let committed = try await consumer.committed([p0, p1])
        #expect(committed[p0] == 3)
        #expect(committed[p1] == nil)
        try await consumer.close(timeout: .seconds(5))
    }

    @Test func nothingHandedOverMeansIdle() throws {
        let cluster = try MockCluster(brokers: 1)
        let consumer = try KafkaConsumer(configuration: MockKafka.configuration(cluster), groupID: "idle")
        let committer = OffsetCommitter(consumer: consumer, logger: HubLogger(minimumLevel: .critical))
        committer.commit(after: [])
        #expect(committer.isIdle)
    }
}
