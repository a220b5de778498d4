import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// A partition count that changes under open applications is refused with a clear
/// message (see `PartitionCountGuard`): at start-up from what the store keeps open, at
/// an assignment beyond the count, and against the cluster's metadata.
@Suite struct PartitionCountGuardTests {
    /// An id that murmur2 puts on a different partition with 3 partitions than with 2.
    private func movingID() -> String {
        var index = 0
        while true {
            let id = "GX-MOVE-\(index)"
            if KeyPartitioner.partition(forKey: id, partitionCount: 2) != KeyPartitioner.partition(forKey: id, partitionCount: 3) {
                return id
            }
            index += 1
        }
    }

    @Test func storedApplicationsOnAnotherCountAreNamed() {
        let id = movingID()
        let underTwo = KeyPartitioner.partition(forKey: id, partitionCount: 2)
        #expect(PartitionCountGuard.mismatch([(id, underTwo)], count: 2) == nil)
        let reason = PartitionCountGuard.mismatch([(id, underTwo)], count: 3)
        #expect(reason?.contains("open application \(id) is kept on partition \(underTwo)") == true)
        #expect(reason?.contains("partition count changed") == true)
        #expect(PartitionCountGuard.mismatch([], count: 3) == nil)
    }

    @Test func assignmentsAndMetadataBeyondTheStartingCount() {
        #expect(PartitionCountGuard.beyond([0, 1], count: 2) == nil)
        #expect(PartitionCountGuard.beyond([1, 3, 2], count: 2)?.contains("partition 2 was assigned") == true)
        #expect(PartitionCountGuard.changed(from: 2, to: 2) == nil)
        #expect(PartitionCountGuard.changed(from: 2, to: 4)?.contains("now have 4 partitions, not the 2") == true)
    }

    /// The whole path: a store whose open application was placed with 2 partitions, then
    /// the hub started on topics with 3: `run()` ends with the reason, nothing consumed.
    @Test func theHubRefusesToStartWhenTheCountChangedUnderOpenApplications() async throws {
        let id = movingID()
        let flow = TestFlow.retirement
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("hub.sqlite").path
        do {
            let core = PipelineCore(engine: HubEngine(flow: flow), store: try CorrelationStore(path: storePath))
            let inbound = Inbound.apply(applicationID: id, input: .submitted(eventID: "in", document: ApplicationForms.full(id: id)),
                                        dedupKey: "in")
            _ = try core.process(RoutedBatch(messages: [ConsumedMessage(topic: flow.topics.applications, partition: 0, offset: 0,
                                                                        key: nil, value: nil, headers: [], timestamp: nil)],
                                             inbound: [inbound]), now: Date())
            try core.store.write { try $0.assignPartition(KeyPartitioner.partition(forKey: id, partitionCount: 2), toApplication: id) }
        }
        let cluster = try MockCluster(brokers: 1)
        try MockKafka.createTopics(cluster, flow: flow, partitions: 3)
        var options = HubServiceOptions(bootstrapServers: cluster.bootstrapServers, storePath: storePath, flow: flow)
        options.kafkaProperties = MockKafka.fastGroupProperties
        options.logger = HubLogger(minimumLevel: .critical)
        let hub = try HubService(options: options)
        await #expect(throws: HubServiceError.self) { try await hub.run() }
        do {
            try await HubService(options: options).run()
        } catch let error as HubServiceError {
            #expect("\(error)".contains("open application \(id)"))
        }
    }
}
