import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub
import OneThingTestSupport

/// Several hub instances in one consumer group on the mock cluster, each with a store of
/// its own (the state topic that lets a new owner take over an application is another
/// piece: these tests keep each application with the instance that owns its partition).
@Suite("Cluster: several instances on the mock cluster", .serialized)
struct ClusterEndToEndTests {
    /// `count` application ids whose owner partition (murmur2) is `partition`.
    private func ids(ownedBy partition: Int32, of partitions: Int32, count: Int, prefix: String) -> [String] {
        var found: [String] = []
        var index = 0
        while found.count < count {
            let id = "\(prefix)-\(index)"
            if KeyPartitioner.partition(forKey: id, partitionCount: partitions) == partition { found.append(id) }
            index += 1
        }
        return found
    }

    private func stored(_ hub: HubService, _ id: String) throws -> Bool {
        try hub.store.read { try $0.application(id: id) } != nil
    }

    /// Intake and replies hashed with CRC32 (librdkafka's default) land off their owner
    /// partition: forwarded through the repartition topic, they still finish, nothing is
    /// dead-lettered as an orphan, every request goes out once.
    @Test func inputsHashedWithCRC32AreForwardedToTheirOwnerAndFinish() async throws {
        // A longer acknowledgement timeout: a forwarded reply takes one more hop.
        let bed = try HubTestBed(timeScale: 0.01, partitions: 3, senderPartitioner: "consistent_random")
        let forwarded = try TopicRecorder(cluster: bed.cluster, topics: [bed.flow.topics.repartition])
        try bed.startHub()
        let ids = (1...12).map { "GX-FWD-\($0)" }
        for id in ids { try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id) }
        for id in ids { #expect(try await bed.waitForOutcome(id) == .completed, "\(id)") }
        #expect(bed.deadLetters().isEmpty)
        let copies = forwarded.on(bed.flow.topics.repartition)
        #expect(copies.count > 0)
        for copy in copies {
            let key = String(decoding: copy.key ?? [], as: UTF8.self)
            #expect(copy.partition == KeyPartitioner.partition(forKey: key, partitionCount: 3))
            #expect(MockKafka.header(copy, "ce_id") != nil)
            let origin = MockKafka.header(copy, Forwarding.originTopicHeader) ?? ""
            #expect(origin == bed.flow.topics.applications || bed.flow.topics.department(ofReplyTopic: origin) != nil)
        }
        for id in ids {
            let owner = KeyPartitioner.partition(forKey: id, partitionCount: 3)
            #expect(try bed.store.read { try $0.applicationPartition(id: id) } == .stored(owner))
        }
        // Every request went out under its one stable id (a resend repeats it).
        let requests = bed.departments.requests.current
        #expect(requests.allSatisfy { $0.hasSuffix(":r1") })
        #expect(Set(requests.compactMap { RequestID(parsing: $0)?.applicationID }) == Set(ids))
        await forwarded.stop()
        await bed.shutdown()
    }

    /// With static membership the range assignor orders members by instance id, so who
    /// gets which partitions does not depend on who started first, and an instance that
    /// restarts gets its own partitions back.
    @Test func partitionsFollowInstanceIdsAndComeBackAfterARestart() async throws {
        let bed = try HubTestBed(partitions: 2)
        let hubB = try bed.makeInstance(instanceID: "hub-b", storeName: "b.db")
        let runB = Task { try await hubB.run() }
        let hubA = try bed.makeInstance(instanceID: "hub-a", storeName: "a.db")
        let runA = Task { try await hubA.run() }
        #expect(try await eventually(within: .seconds(30)) {
            hubA.ownership.ownedPartitions == [0] && hubB.ownership.ownedPartitions == [1]
        })
        hubB.stop()
        try await runB.value
        let restarted = try bed.makeInstance(instanceID: "hub-b", storeName: "b.db")
        let runRestarted = Task { try await restarted.run() }
        #expect(try await eventually(within: .seconds(30)) {
            hubA.ownership.ownedPartitions == [0] && restarted.ownership.ownedPartitions == [1]
        })
        // Each application is kept by the owner of its partition, and finishes there.
        let onA = ids(ownedBy: 0, of: 2, count: 1, prefix: "GX-STATIC")[0]
        let onB = ids(ownedBy: 1, of: 2, count: 1, prefix: "GX-STATIC")[0]
        for id in [onA, onB] { try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id) }
        #expect(try await eventually(within: .seconds(30)) {
            try hubA.store.read { try $0.application(id: onA)?.outcome } == .completed
                && restarted.store.read { try $0.application(id: onB)?.outcome } == .completed
        })
        #expect(try !stored(hubA, onB) && !stored(restarted, onA))
        restarted.stop()
        hubA.stop()
        try await runRestarted.value
        try await runA.value
        await bed.shutdown()
    }

    /// A second instance joins while the first is working through a backlog. The first
    /// gives up the moving partition in the middle of its batches: it finishes the
    /// transaction under way, takes none of that partition's messages after the
    /// revocation, and the new owner restores the partition's state from the state topic
    /// and goes on from the committed position: nothing is lost, the first instance's
    /// share of the moved partition is a prefix of it, the new owner holds a suffix (what
    /// it restored and what it processed), and a request is sent again, with its same id,
    /// only for inputs of the short window the new owner read again: librdkafka's mock
    /// coordinator refuses every commit once a join is under way, including the revoking
    /// member's final one (a Kafka broker accepts it while the group prepares the
    /// rebalance).
    @Test func aRevocationInTheMiddleOfABatchLosesNothingAndTheOldOwnerLetsGo() async throws {
        let bed = try HubTestBed(timeScale: 1, partitions: 2, batchSize: 5, script: { _, _ in [] })
        let ids = (0..<240).map { "GX-REVOKE-\($0)" }
        for id in ids { try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id) }
        // Slow enough that the backlog outlasts the second instance's join (~1 s here).
        let slow: @Sendable () -> Void = { Thread.sleep(forTimeInterval: 0.1) }
        let hubA = try bed.makeInstance(instanceID: "hub-a", storeName: "a.db") { $0.beforeTransaction = slow }
        let runA = Task { try await hubA.run() }
        #expect(try await eventually(within: .seconds(30)) { try ids.filter { try stored(hubA, $0) }.count >= 30 })
        let hubB = try bed.makeInstance(instanceID: "hub-b", storeName: "b.db") { $0.beforeTransaction = slow }
        let runB = Task { try await hubB.run() }
        #expect(try await eventually(within: .seconds(30)) {
            hubA.ownership.ownedPartitions == [0] && hubB.ownership.ownedPartitions == [1]
        })
        #expect(try await eventually(within: .seconds(60), every: .milliseconds(200)) {
            try ids.allSatisfy { try stored(hubA, $0) || stored(hubB, $0) }
        })
        let stays = ids.filter { KeyPartitioner.partition(forKey: $0, partitionCount: 2) == 0 }
        let moves = ids.filter { KeyPartitioner.partition(forKey: $0, partitionCount: 2) == 1 }
        #expect(try stays.allSatisfy { try stored(hubA, $0) && !stored(hubB, $0) })
        let byA = try moves.indices.filter { try stored(hubA, moves[$0]) }
        let byB = try moves.indices.filter { try stored(hubB, moves[$0]) }
        #expect(byA == Array(0..<byA.count), "the old owner took messages of the moved partition after letting it go")
        #expect(byB == Array((moves.count - byB.count)..<moves.count), "the new owner skipped messages")
        #expect(!byB.isEmpty)
        let overlap = byA.count + byB.count - moves.count
        let expected = Set(ids.map { "\($0):M10:r1" })
        #expect(try await eventually {
            Set(bed.departments.requests.current.filter { $0.hasPrefix("GX-REVOKE-") }) == expected
        })
        try await Task.sleep(for: .milliseconds(500))
        let firstRequests = bed.departments.requests.current.filter { $0.hasPrefix("GX-REVOKE-") }
        #expect(Set(firstRequests) == expected)   // the same request ids, repeated or not
        let repeated = firstRequests.count - ids.count
        #expect(repeated <= overlap, "\(repeated) requests sent again, more than the \(overlap) inputs both instances hold")
        hubA.stop()
        hubB.stop()
        try await runA.value
        try await runB.value
        await bed.shutdown()
    }

    /// An instance stalls in the middle of a batch past `max.poll.interval.ms`; the group
    /// gives its partitions to another, which goes on. When the stalled one resumes, it
    /// finishes its transaction locally, but the group's committed position never moves
    /// back, and it held the partition under an older owner epoch than the new owner.
    @Test func aPausedInstanceThatLostItsPartitionsCommitsNothingThatCounts() async throws {
        let bed = try HubTestBed(timeScale: 1, partitions: 2, script: { _, _ in [] })
        let paused = Collected(false)
        let hubA = try bed.makeInstance(instanceID: "hub-a", storeName: "a.db",
                                        properties: ["max.poll.interval.ms": "3000"]) { options in
            options.beforeTransaction = {
                let end = ContinuousClock.now + .seconds(30)
                while paused.current && ContinuousClock.now < end { Thread.sleep(forTimeInterval: 0.01) }
            }
        }
        let runA = Task { try await hubA.run() }
        #expect(try await eventually(within: .seconds(30)) { hubA.ownership.ownedPartitions == [0, 1] })
        let ids = ids(ownedBy: 0, of: 2, count: 4, prefix: "GX-ZOMBIE")
        try await bed.channel.submit(ApplicationForms.minimal(id: ids[0]), id: ids[0])
        #expect(try await eventually { try stored(hubA, ids[0]) })
        let epochBeforePause = try #require(hubA.ownership.epoch(for: 0))

        paused.update { $0 = true }
        try await bed.channel.submit(ApplicationForms.minimal(id: ids[1]), id: ids[1])
        let hubB = try bed.makeInstance(instanceID: "hub-b", storeName: "b.db")
        let runB = Task { try await hubB.run() }
        #expect(try await eventually(within: .seconds(30)) { hubB.ownership.ownedPartitions == [0, 1] })
        let epochOfNewOwner = try #require(hubB.ownership.epoch(for: 0))
        #expect(epochOfNewOwner > epochBeforePause)
        for id in ids[2...] { try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id) }
        #expect(try await eventually(within: .seconds(20)) { try ids[1...].allSatisfy { try stored(hubB, $0) } })

        let observer = try KafkaConsumer(configuration: MockKafka.configuration(bed.cluster), groupID: "hub-under-test")
        let intake = TopicPartition(topic: bed.flow.topics.applications, partition: 0)
        func committed() async throws -> Int64? { try await observer.committed([intake])[intake] }
        var position: Int64? = nil
        for _ in 0..<100 where position != 4 {
            position = try await committed()
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(position == 4)   // the new owner's: after all four intake events

        paused.update { $0 = false }
        #expect(try await eventually(within: .seconds(20)) { try stored(hubA, ids[1]) })   // its own file only
        for _ in 0..<30 {
            let now = try await committed()
            #expect(now == 4, "the committed position moved to \(String(describing: now))")
            if now != 4 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        if let regained = hubA.ownership.epoch(for: 0) { #expect(regained > epochOfNewOwner) }

        // Its state record of that application reached the state topic too, under the
        // epoch (the group generation) it held the partition with: a restore from the
        // topic keeps the new owner's version.
        let writerA = hubA.store.writerID, writerB = hubB.store.writerID
        func records(of id: String, by writer: String) -> [ChangelogEntry] {
            StateTopicTests.entriesByPartition(bed.recorder.on(bed.flow.topics.state)).values.flatMap { $0 }.filter { entry in
                entry.key == Array(id.utf8)
                    && entry.headers.contains { $0.key == StateRecordCodec.Header.writer && $0.value == Array(writer.utf8) }
            }
        }
        #expect(try await eventually(within: .seconds(20)) { !records(of: ids[1], by: writerA).isEmpty })
        func epochs(_ entries: [ChangelogEntry]) -> Set<Int64> {
            Set(entries.compactMap { entry in
                entry.headers.last { $0.key == StateRecordCodec.Header.epoch }.flatMap { Int64(String(decoding: $0.value, as: UTF8.self)) }
            })
        }
        // The epoch it held the partition under when the transaction ran: the one before
        // the pause, or, when the new member's arrival rebalanced the group while the
        // paused instance was still in it (the revocation waits for the paused
        // transaction only so long), the one under which it held the partition again
        // until it was dropped. Either is below the new owner's; an epoch at or above it
        // would be a zombie write.
        let pausedEpochs = epochs(records(of: ids[1], by: writerA))
        #expect(!pausedEpochs.isEmpty && pausedEpochs.allSatisfy { $0 >= epochBeforePause && $0 < epochOfNewOwner },
                "the paused instance's epochs \(pausedEpochs.sorted()), before the pause \(epochBeforePause), the new owner's \(epochOfNewOwner)")
        #expect(epochs(records(of: ids[1], by: writerB)).min() == epochOfNewOwner)
        let entries = StateTopicTests.entriesByPartition(bed.recorder.on(bed.flow.topics.state))[0] ?? []
        let directory = try TemporaryDirectory(prefix: "zombie-restore")
        let rebuilt = try CorrelationStore(path: directory.path())
        let restore = ChangelogRestore(store: rebuilt, topic: bed.flow.topics.state, partition: 0)
        try restore.apply(entries)
        let summary = try restore.finish(nextOffset: (entries.last?.offset ?? -1) + 1)
        #expect(summary.stale >= 1, "the paused instance's record is stale")
        #expect(try rebuilt.read { try $0.application(id: ids[1]) }?.ownerEpoch ?? 0 >= epochOfNewOwner)
        try await observer.close(timeout: .seconds(2))
        hubA.stop()
        hubB.stop()
        try await runA.value
        try await runB.value
        await bed.shutdown()
    }
}
