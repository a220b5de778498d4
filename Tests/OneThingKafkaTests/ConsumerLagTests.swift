import Foundation
import Testing
@testable import OneThingKafka

@Suite struct ConsumerLagTests {
    /// 10 records; 3 read: lag 7 from the position. 2 committed: lag 8 from the commit
    /// (the committed offset wins over the position). 5 more produced: the cached high
    /// watermark follows without any poll, lag 13.
    @Test func lagFollowsPositionThenCommitThenNewRecords() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("lag")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let configuration = mockConfiguration(cluster)
        let producer = try KafkaProducer(configuration: configuration)
        try await produce(producer, topic: topic, count: 10)

        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("group"))
        try consumer.subscribe(topics: [topic])
        let read = try await consumeExactly(consumer, count: 3)
        try #require(read.map(\.offset) == [0, 1, 2])

        let afterReading = try await lagOnce(consumer) { $0.first?.highWatermark == 10 }
        #expect(afterReading == [PartitionLag(topic: topic, partition: 0, highWatermark: 10, start: 3, basis: .position)])
        #expect(afterReading.first?.lag == 7)

        try await consumer.commit(Array(read.prefix(2)))
        let afterCommit = try await consumer.lag()
        #expect(afterCommit == [PartitionLag(topic: topic, partition: 0, highWatermark: 10, start: 2, basis: .committed)])
        #expect(afterCommit.first?.lag == 8)

        try await produce(producer, topic: topic, count: 5)
        let afterMore = try await lagOnce(consumer) { $0.first?.highWatermark == 15 }
        #expect(afterMore.first?.lag == 13)
        #expect(afterMore.first?.basis == .committed)

        await producer.close(timeout: .seconds(5))
        try await consumer.close(timeout: .seconds(5))
    }

    /// Reading everything and committing it leaves no lag.
    @Test func everythingCommittedMeansNoLag() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("lag-done")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        let configuration = mockConfiguration(cluster)
        let producer = try KafkaProducer(configuration: configuration)
        for index in 0..<6 {
            var message = OutgoingMessage(topic: topic, key: nil, value: "m\(index)".bytes)
            message.partition = Int32(index % 2)
            _ = try await producer.send(message)
        }
        await producer.close(timeout: .seconds(5))

        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("group"))
        try consumer.subscribe(topics: [topic])
        let all = try await consume(consumer, count: 6)
        try #require(all.count == 6)
        try await consumer.commit(all)
        let lags = try await consumer.lag()
        try await consumer.close(timeout: .seconds(5))
        #expect(lags.map(\.partition) == [0, 1])
        #expect(lags.allSatisfy { $0.lag == 0 && $0.highWatermark == 3 && $0.basis == .committed })
    }

    /// Offsets librdkafka does not know (-1001) never become a figure: a partition holding
    /// records that this member has neither read nor committed is left out, while an empty
    /// partition is reported with lag 0.
    @Test func unknownStartIsLeftOutAndEmptyPartitionIsZero() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("lag-unknown")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        var configuration = mockConfiguration(cluster)
        let producer = try KafkaProducer(configuration: configuration)
        for index in 0..<4 {
            var message = OutgoingMessage(topic: topic, key: nil, value: "m\(index)".bytes)
            message.partition = 0
            _ = try await producer.send(message)
        }
        await producer.close(timeout: .seconds(5))

        // Starting at the end: partition 0's four records are never handed out, so its
        // position stays unknown.
        configuration.properties["auto.offset.reset"] = "latest"
        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("group"))
        try consumer.subscribe(topics: [topic])
        var lags: [PartitionLag] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while lags.isEmpty && ContinuousClock.now < deadline {
            let polled = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(200))
            #expect(polled.isEmpty)
            lags = try await consumer.lag()
        }
        // Give partition 0 the same chance to appear (its watermark arrives with the same fetches).
        try await Task.sleep(for: .milliseconds(500))
        lags = try await consumer.lag()
        try await consumer.close(timeout: .seconds(5))
        #expect(lags == [PartitionLag(topic: topic, partition: 1, highWatermark: 0, start: 0, basis: .emptyPartition)])
    }

    @Test func closedConsumerThrowsClosed() async throws {
        let cluster = try MockCluster(brokers: 1)
        let consumer = try KafkaConsumer(configuration: mockConfiguration(cluster), groupID: uniqueName("g"))
        try await consumer.close(timeout: .seconds(5))
        let error = await #expect(throws: KafkaError.self) { _ = try await consumer.lag() }
        #expect(error?.kind == .closed)
    }

    /// Polls one record at a time so that exactly `count` reach the application.
    private func consumeExactly(_ consumer: KafkaConsumer, count: Int) async throws -> [ConsumedMessage] {
        var received: [ConsumedMessage] = []
        let end = ContinuousClock.now + .seconds(30)
        while received.count < count && ContinuousClock.now < end {
            received += try await consumer.poll(maxMessages: count - received.count, timeout: .milliseconds(200))
        }
        return received
    }

    /// Asks for the lag until `ready` holds (the watermark comes with fetch responses) or 20 s pass.
    private func lagOnce(_ consumer: KafkaConsumer, until ready: ([PartitionLag]) -> Bool) async throws -> [PartitionLag] {
        let end = ContinuousClock.now + .seconds(20)
        var lags = try await consumer.lag()
        while !ready(lags) && ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(50))
            lags = try await consumer.lag()
        }
        return lags
    }
}
