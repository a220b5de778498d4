import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub
import OneThingTestSupport

/// The messages a new owner puts back into its outbox from the state topic (the lost
/// owner's unpublished ones, with their original `ce_id`) go out before anything the new
/// owner decides afterwards for the same applications. The status topic is compacted and
/// its readers keep only the latest snapshot per application (the contract): an older
/// snapshot published after a newer one would be the application's state for ever.
@Suite("State topic: a new owner's restored backlog goes out first")
struct RestoredBacklogOrderTests {
    /// The instance's disk is lost while every application waits for the
    /// eligibility department; the department's approvals are already waiting on the reply
    /// topic when a new instance on an empty disk takes the partition over, so its first
    /// batch after the restore moves the applications on. The snapshots the restore put
    /// back (the lost instance's last, unacknowledged as far as the state topic knows)
    /// must go out before that batch's: on the status topic a snapshot sent again never
    /// comes after a newer one, and every application's last snapshot is its completion.
    @Test func snapshotsRestoredFromTheStateTopicNeverFollowNewerOnes() async throws {
        let bed = try HubTestBed(partitions: 1, script: StateTopicTests.eligibilityWaits)
        try bed.startHub()
        let ids = (1...8).map { String(format: "GX-ORDER-%03d", $0) }
        for id in ids { try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id) }
        // Settled: hukou confirmed, eligibility received (the other matters wait for it),
        // so no reply but the approvals below is left for the next instance to read.
        for id in ids {
            try await bed.waitFor(id) { $0.matter("M10")?.state == .approved && $0.matter("M01")?.state == .received }
        }
        // A graceful stop publishes and commits everything: the approvals below are then
        // the only input the new instance reads, and the newest state record of each
        // application still lists its last snapshot as unpublished (the record is written
        // in the transaction that queued it), so the new owner sends it again.
        try await bed.stopHub()
        StateTopicTests.removeStore(at: bed.storePath)
        for id in ids {
            try await bed.departments.reply(to: RequestID(applicationID: id, matter: "M01", revision: 1),
                                            decision: .approved(outputs: MatterOutputs.approved("M01")))
        }

        // A long poll: the poll that serves the assignment (and its restore) goes on
        // waiting and returns the approvals, so they are processed in the same turn of
        // the loop as the restore, as under load.
        try bed.startHub(customize: { options in
            options.pollTimeout = .seconds(3)
            options.timerInterval = .seconds(3)
        })
        for id in ids { #expect(try await bed.waitForOutcome(id, within: .seconds(60)) == .completed, "\(id)") }
        #expect(try await eventually(within: .seconds(30)) { try bed.store.read { try $0.outboxDepth() } == 0 })
        // Everything is acknowledged: the partition read to its end holds every snapshot.
        let snapshots = Collected<[ConsumedMessage]>([])
        _ = try await PartitionReader.readDetached(configuration: MockKafka.configuration(bed.cluster),
                                                   topic: bed.flow.topics.status, partition: 0, from: nil) { chunk in
            snapshots.update { $0 += chunk }
        }
        // Per application, in offset order: the snapshots' states and events, and for each snapshot
        // the position of its ce_id's first copy. A copy sent again (same ce_id) may
        // repeat the latest snapshot, never go back behind a newer one.
        var states: [String: [String]] = [:]
        var events: [String: [String]] = [:]
        var firstSeen: [String: Int] = [:]
        var order: [String: [Int]] = [:]
        var repeated = 0
        for message in snapshots.current {
            let key = String(decoding: message.key ?? [], as: UTF8.self)
            let snapshot = message.value.flatMap { try? JSONValue(parsing: $0).objectValue }
            states[key, default: []].append(snapshot?["state"]?.stringValue ?? "-")
            events[key, default: []].append([snapshot?["event"]?.stringValue, snapshot?["matter"]?.stringValue]
                .compactMap { $0 }.joined(separator: " "))
            let ceID = MockKafka.header(message, "ce_id") ?? "\(message.offset)"
            if firstSeen[ceID] != nil { repeated += 1 }
            let first = firstSeen[ceID] ?? Int(message.offset)
            firstSeen[ceID] = first
            order[key, default: []].append(first)
        }
        #expect(repeated > 0, "the lost instance left snapshots that the new owner sent again")
        for id in ids {
            let positions = order[id] ?? []
            #expect(positions == positions.sorted(), "\(id): a snapshot sent again after a newer one: \(events[id] ?? [])")
            #expect(states[id]?.last == "completed", "\(id): the latest snapshot on the status topic")
        }
        try await bed.stopHub()
        await bed.shutdown()
    }
}
