import Foundation
import Testing
import OneThingExchange
import OneThingKafka
@testable import OneThingHub

@Suite("Cluster: ownership and topic layout")
struct PartitionOwnershipTests {
    private let topics = ["f.applications", "f.replies.a", "f.repartition"]

    private func partitions(_ numbers: [Int32], of topics: [String]) -> [TopicPartition] {
        topics.flatMap { topic in numbers.map { TopicPartition(topic: topic, partition: $0) } }
    }

    @Test func aPartitionIsOwnedWhenEveryInputTopicHasItWithTheGenerationAsEpoch() {
        let ownership = PartitionOwnership(inputTopics: topics, partitionCount: 3)
        let heard = Collected<[PartitionOwnership.Change]>([])
        ownership.observe { change in heard.update { $0.append(change) } }

        ownership.apply(AssignmentChange(kind: .assigned, partitions: partitions([0, 1], of: topics)
                                             + partitions([2], of: ["f.applications", "other.topic"]), generation: 5))
        #expect(ownership.ownedPartitions == [0, 1])
        #expect(ownership.owns(1) && !ownership.owns(2))
        #expect(ownership.epoch(for: 0) == 5 && ownership.epoch(for: 2) == nil)

        ownership.apply(AssignmentChange(kind: .revoked, partitions: partitions([0, 1], of: topics), generation: 5))
        #expect(ownership.ownedPartitions.isEmpty)
        ownership.apply(AssignmentChange(kind: .assigned, partitions: partitions([1], of: topics), generation: 7))
        #expect(ownership.epoch(for: 1) == 7)
        ownership.apply(AssignmentChange(kind: .lost, partitions: partitions([1], of: topics), generation: 7))

        #expect(heard.current == [
            PartitionOwnership.Change(kind: .assigned, partitions: [0, 1], epochs: [0: 5, 1: 5]),
            PartitionOwnership.Change(kind: .revoked, partitions: [0, 1], epochs: [0: 5, 1: 5]),
            PartitionOwnership.Change(kind: .assigned, partitions: [1], epochs: [1: 7]),
            PartitionOwnership.Change(kind: .lost, partitions: [1], epochs: [1: 7]),
        ])
    }

    /// One epoch everywhere: the generation, never below what the partition's state
    /// records carry (a group deleted and made again starts its generations at 1), and
    /// remembered after the partition is gone for the batch that finishes late.
    @Test func theEpochIsTheGenerationAboveTheStateRecordsAndIsRememberedAfterARevocation() {
        let ownership = PartitionOwnership(inputTopics: topics, partitionCount: 3)
        ownership.apply(AssignmentChange(kind: .assigned, partitions: partitions([0, 1, 2], of: topics), generation: 4),
                        epochFloors: [0: 3, 1: 4, 2: 40])
        #expect(ownership.epoch(for: 0) == 4)    // the generation, above every record
        #expect(ownership.epoch(for: 1) == 4)    // the same owner back (static membership)
        #expect(ownership.epoch(for: 2) == 41)   // a generation started again: above the records
        ownership.apply(AssignmentChange(kind: .revoked, partitions: partitions([0, 1, 2], of: topics), generation: 4))
        #expect(ownership.epoch(for: 2) == nil && ownership.lastEpoch(for: 2) == 41)
        #expect(ownership.lastEpoch(for: 0) == 4)
        ownership.apply(AssignmentChange(kind: .assigned, partitions: partitions([0], of: topics), generation: 6))
        #expect(ownership.lastEpoch(for: 0) == 6)
    }

    @Test func theOwnerPartitionIsWhereMurmur2PutsTheApplicationsKey() {
        let ownership = PartitionOwnership(inputTopics: topics)
        #expect(ownership.ownerPartition(of: "GX-1") == nil)   // count not known yet
        ownership.partitionCount = 3
        for id in ["GX-1", "GX-2", "DEMO-20261123-000027"] {
            #expect(ownership.ownerPartition(of: id) == KeyPartitioner.partition(forKey: Array(id.utf8), partitionCount: 3))
        }
    }

    @Test func topicsWithUnequalPartitionCountsOrMissingInputsAreRefused() throws {
        let flow = TestFlow.retirement
        let inputs = HubService.inputTopics(of: flow)
        let all = flow.topics.all.map { TopicMetadata(name: $0, partitionCount: 3) }
        #expect(try TopicLayout.partitionCount(of: flow, inputTopics: inputs, listed: all) == 3)

        let uneven = all.map { $0.name == flow.topics.replies("hpf") ? TopicMetadata(name: $0.name, partitionCount: 5) : $0 }
        #expect(throws: TopicLayoutError.self) { try TopicLayout.partitionCount(of: flow, inputTopics: inputs, listed: uneven) }
        do {
            _ = try TopicLayout.partitionCount(of: flow, inputTopics: inputs, listed: uneven)
        } catch {
            #expect(error.description.contains("retirement.replies.hpf=5"))
            #expect(error.description.contains("retirement.applications=3"))
        }
        let missing = all.filter { $0.name != flow.topics.repartition }
        do {
            _ = try TopicLayout.partitionCount(of: flow, inputTopics: inputs, listed: missing)
            Issue.record("a missing input topic was accepted")
        } catch {
            #expect(error == .missing([flow.topics.repartition]))
            #expect(error.description.contains("hubd topics create"))
        }
    }
}
