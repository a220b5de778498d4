import Foundation
import Testing
@testable import OneThingKafka

/// What a member learns about its ownership from the group: the generation of each
/// assignment, a revoke that commits what the application hands back, commits limited to
/// assigned partitions, and the coordinator fencing a member that lost its partitions.
@Suite struct GroupOwnershipTests {
    @Test func assignmentsCarryTheGroupGenerationAndARevokeCommitsWhatTheApplicationReturns() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("ownership")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        let group = uniqueName("g")
        let changes = EventLog<AssignmentChange>()
        let consumer = try KafkaConsumer(configuration: mockConfiguration(cluster), groupID: group, onAssignment: { change in
            changes.append(change)
            // On the revoke (at close), hand back a position for partition 1 only.
            return change.kind == .revoked ? [TopicPartitionOffset(topic: topic, partition: 1, offset: 7)] : []
        })
        try consumer.subscribe(topics: [topic])
        let deadline = ContinuousClock.now + .seconds(10)
        while changes.all.isEmpty && ContinuousClock.now < deadline {
            _ = try await consumer.poll(maxMessages: 1, timeout: .milliseconds(100))
        }
        let assigned = try #require(changes.all.first)
        #expect(assigned.kind == .assigned && assigned.partitions.count == 2)
        let generation = try #require(assigned.generation)
        #expect(generation >= 1)

        // Only assigned partitions are committed when asked so.
        let dropped = try await consumer.commit(offsets: [TopicPartitionOffset(topic: topic, partition: 0, offset: 0),
                                                          TopicPartitionOffset(topic: "not-assigned", partition: 0, offset: 5)],
                                                onlyAssigned: true)
        #expect(dropped == [TopicPartitionOffset(topic: "not-assigned", partition: 0, offset: 5)])
        try await consumer.close(timeout: .seconds(5))
        #expect(changes.all.last?.kind == .revoked)
        #expect(changes.all.last?.generation == generation)

        let reader = try KafkaConsumer(configuration: mockConfiguration(cluster), groupID: group)
        let p1 = TopicPartition(topic: topic, partition: 1)
        #expect(try await reader.committed([p1])[p1] == 7)
        try await reader.close(timeout: .seconds(5))
    }

    /// A member that stopped polling past `max.poll.interval.ms` is out of the group; its
    /// late commit is refused by the coordinator and the new owner's position stands.
    @Test func aMemberThatLostItsPartitionsCannotCommitForThem() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("fenced")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let group = uniqueName("g")
        var stalled = mockConfiguration(cluster)
        stalled.properties["max.poll.interval.ms"] = "3500"
        let zombieChanges = EventLog<AssignmentChange>()
        let zombie = try KafkaConsumer(configuration: stalled, groupID: group,
                                       onAssignment: { zombieChanges.append($0); return [] })
        try zombie.subscribe(topics: [topic])
        let joined = ContinuousClock.now + .seconds(10)
        while zombieChanges.all.isEmpty && ContinuousClock.now < joined {
            _ = try await zombie.poll(maxMessages: 1, timeout: .milliseconds(100))
        }
        try #require(zombieChanges.all.first?.kind == .assigned)

        // The zombie stops polling; the other member takes the partition and commits 5.
        let ownerChanges = EventLog<AssignmentChange>()
        let owner = try KafkaConsumer(configuration: mockConfiguration(cluster), groupID: group,
                                      onAssignment: { ownerChanges.append($0); return [] })
        try owner.subscribe(topics: [topic])
        let takeover = ContinuousClock.now + .seconds(30)
        while !ownerChanges.all.contains(where: { $0.kind == .assigned && !$0.partitions.isEmpty })
                && ContinuousClock.now < takeover {
            _ = try await owner.poll(maxMessages: 1, timeout: .milliseconds(100))
        }
        let ownerAssignment = try #require(ownerChanges.all.last { $0.kind == .assigned && !$0.partitions.isEmpty })
        #expect((ownerAssignment.generation ?? 0) > (zombieChanges.all.first?.generation ?? Int32.max))
        let position = TopicPartition(topic: topic, partition: 0)
        try await owner.commit(offsets: [TopicPartitionOffset(topic: topic, partition: 0, offset: 5)])

        // The zombie wakes up and commits an older position without polling first.
        await #expect(throws: KafkaError.self) {
            try await zombie.commit(offsets: [TopicPartitionOffset(topic: topic, partition: 0, offset: 2)])
        }
        #expect(try await owner.committed([position])[position] == 5)
        // Serve the zombie's pending rebalance (its lost assignment) before closing it:
        // librdkafka 2.8.0 asserts (rd_kafka_cgrp_terminated) when a consumer whose
        // assignment was lost is closed before a poll has served that loss. Poll until it
        // has: one poll of half a second was not always enough on a loaded machine, and
        // the assertion then killed the whole test process.
        let served = ContinuousClock.now + .seconds(30)
        while !zombieChanges.all.contains(where: { $0.kind != .assigned }) && ContinuousClock.now < served {
            _ = try await zombie.poll(maxMessages: 1, timeout: .milliseconds(100))
        }
        try #require(zombieChanges.all.contains { $0.kind != .assigned }, "the zombie never heard that it lost its partition")
        try await zombie.close(timeout: .seconds(5))
        try await owner.close(timeout: .seconds(5))
    }
}
