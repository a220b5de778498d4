import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub
import OneThingTestSupport

/// The state topic: every change of an application reaches it, and its records alone
/// rebuild the store.
@Suite("State topic")
struct StateTopicTests {
    /// The state topic's records, grouped by partition in offset order.
    static func entriesByPartition(_ messages: [ConsumedMessage]) -> [Int32: [ChangelogEntry]] {
        Dictionary(grouping: messages, by: \.partition).mapValues { messages in
            messages.sorted { $0.offset < $1.offset }.map { message in
                ChangelogEntry(offset: message.offset, key: message.key, value: message.value,
                               headers: message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) })
            }
        }
    }

    @Test func everyApplicationsNewestRecordEqualsTheStoreAndRebuildsIt() async throws {
        let bed = try HubTestBed(partitions: 3)
        try bed.startHub()
        let ids = (1...8).map { String(format: "GX-STATE-%03d", $0) }
        for (index, id) in ids.enumerated() {
            try await bed.channel.submit(index.isMultiple(of: 2) ? ApplicationForms.full(id: id) : ApplicationForms.minimal(id: id), id: id)
        }
        for id in ids { #expect(try await bed.waitForOutcome(id) == .completed, "\(id)") }
        #expect(try await eventually { try bed.store.read { try $0.outboxDepth() } == 0 })
        let writer = try bed.store.writerID
        try await bed.stopHub()
        // Read back without the hub's record cache: what the file holds.
        let source = try CorrelationStore(path: bed.storePath, recordCacheCapacity: 0)
        let expected = try source.read { reader in try ids.map { id in try #require(try reader.application(id: id)) } }
        let expectedEvents = try source.read { reader in try ids.map { try reader.processedEvents(applicationID: $0) } }
        #expect(expectedEvents.allSatisfy { $0.count >= 5 }, "intake and replies are the application's keys")

        // Every record that reached the topic; the newest of each application is its state.
        var byPartition: [Int32: [ChangelogEntry]] = [:]
        _ = try await eventually {
            byPartition = Self.entriesByPartition(bed.recorder.on(bed.flow.topics.state))
            let newest = byPartition.values.flatMap { $0 }.reduce(into: [String: ChangelogEntry]()) { newest, entry in
                newest[String(decoding: entry.key ?? [], as: UTF8.self)] = entry
            }
            return ids.allSatisfy { id in
                (newest[id]?.value).flatMap { try? StateRecordCodec.decode($0).application } == expected[ids.firstIndex(of: id) ?? 0]
            }
        }
        let all = byPartition.values.flatMap { $0 }
        #expect(Set(all.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } }) == Set(ids))
        for entry in all {
            let record = try StateRecordCodec.decode(try #require(entry.value))
            #expect(record.writer == writer)
            #expect(record.epoch > 0, "written under the ownership epoch of the assignment")
        }

        // A store on an empty disk rebuilt from the topic alone equals the one before.
        let directory = try TemporaryDirectory()
        let rebuilt = try CorrelationStore(path: directory.path(), recordCacheCapacity: 0)
        for (partition, entries) in byPartition {
            let restore = ChangelogRestore(store: rebuilt, topic: bed.flow.topics.state, partition: partition)
            try restore.apply(entries)
            let summary = try restore.finish(nextOffset: (entries.last?.offset ?? -1) + 1)
            #expect(summary.invalid == 0 && summary.stale == 0)
        }
        let restored = try rebuilt.read { reader in try ids.map { id in try reader.application(id: id) } }
        #expect(restored == expected.map(Optional.some))
        #expect(try rebuilt.read { reader in try ids.map { try reader.processedEvents(applicationID: $0) } } == expectedEvents)
        // Whatever comes back into the outbox was sent before: same ce_id, same topic.
        let published = Set((bed.flow.topics.published + [bed.flow.topics.status]).flatMap { bed.recorder.on($0) }
            .compactMap { MockKafka.header($0, "ce_id") })
            .union(bed.departments.requests.current)
        for message in try rebuilt.unsentOutbox(limit: 1000) {
            let ceID = message.headers.first { $0.key == "ce_id" }.map { String(decoding: $0.value, as: UTF8.self) }
            #expect(ceID.map(published.contains) == true, "\(message.topic) \(ceID ?? "-")")
        }
        await bed.shutdown()
    }

    /// The eligibility matter waits for a department decision given by the test.
    static let eligibilityWaits: ScriptedDepartments.Script = { request, copy in
        guard copy == 1 else { return [] }
        return request.matter == "M01" ? [.received] : [.received, .approved(outputs: MatterOutputs.approved(request.matter))]
    }

    static func removeStore(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The instance's disk is lost mid-way; a new instance on an empty disk takes the
    /// partitions over, rebuilds them from the state topic before processing input, and
    /// every application finishes with its request ids unchanged and no matter decided
    /// twice (no request sent again as a new revision, no orphan reply).
    @Test func aNewInstanceOnAnEmptyDiskRestoresAndFinishesEveryApplication() async throws {
        let bed = try HubTestBed(partitions: 3, script: Self.eligibilityWaits)
        try bed.startHub()
        let ids = (1...9).map { String(format: "GX-LOST-%03d", $0) }
        for (index, id) in ids.enumerated() {
            try await bed.channel.submit(index.isMultiple(of: 2) ? ApplicationForms.full(id: id) : ApplicationForms.minimal(id: id), id: id)
        }
        for id in ids { try await bed.waitFor(id) { $0.matter("M01")?.state == .received } }
        let before = try bed.store.read { reader in try ids.map { id in try #require(try reader.application(id: id)) } }
        // A graceful stop commits every input offset: from here on only the state topic
        // knows these applications.
        try await bed.stopHub()
        Self.removeStore(at: bed.storePath)

        try bed.startHub()
        // The state is back before any input of the partitions is processed.
        for (id, old) in zip(ids, before) {
            let restored = try await bed.waitFor(id, within: .seconds(30)) { _ in true }
            #expect(restored?.matters.map(\.requestID) == old.matters.map(\.requestID), "\(id)")
            #expect(restored?.matter("M01")?.state == .received, "\(id)")
        }
        #expect(try bed.store.read { try $0.changelogOffset(topic: bed.flow.topics.state, partition: 0) } != nil)
        for id in ids {
            try await bed.departments.reply(to: RequestID(applicationID: id, matter: "M01", revision: 1),
                                            decision: .approved(outputs: MatterOutputs.approved("M01")))
        }
        for id in ids { #expect(try await bed.waitForOutcome(id) == .completed, "\(id)") }
        let full = ids.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        let minimal = ids.enumerated().filter { !$0.offset.isMultiple(of: 2) }.map(\.element)
        let expected = CrashSafetyTests.expectedRequests(full, matters: ["M10", "M01", "M04", "M05", "M06", "M07", "M08", "M09"])
            .union(CrashSafetyTests.expectedRequests(minimal, matters: ["M10", "M01", "M05", "M06"]))
        #expect(Set(bed.departments.requests.current) == expected, "request ids unchanged, no second revision")
        #expect(bed.deadLetters().isEmpty, "no orphan reply: every reply found its application")
        for id in ids {
            let record = try #require(try bed.record(id))
            #expect(record.matters.allSatisfy { $0.state == .approved && $0.revision == 1 }, "\(id)")
        }
        try await bed.stopHub()
        await bed.shutdown()
    }

    /// The disk is lost at every step of the pipeline in turn: after a batch's store
    /// transaction (state written, nothing produced), after its publish (state records
    /// and messages produced, offsets not committed), after a timer round's transaction,
    /// and at random instants. Each time a new instance on an empty disk restores from the
    /// state topic and replays the uncommitted input; in the end every application
    /// finishes, each department saw exactly the expected request ids (repeats of one id
    /// allowed, none missing, none extra) and no reply was an orphan.
    @Test func restoresAfterTheDiskIsLostBetweenEveryPairOfSteps() async throws {
        let bed = try HubTestBed(timeScale: 0.01, partitions: 3)
        let ids = (1...12).map { String(format: "GX-DISK-%03d", $0) }
        for (index, id) in ids.enumerated() {
            try await bed.channel.submit(index.isMultiple(of: 2) ? ApplicationForms.full(id: id) : ApplicationForms.minimal(id: id), id: id)
        }
        let plan: [(HubCrashPoint, Int)] = [
            (.afterTransaction, 1), (.afterPublish, 1), (.afterTransaction, 3), (.afterTimerTransaction, 2),
            (.afterPublish, 3), (.afterTransaction, 2),
        ]
        let triggered = Collected(0)
        for (point, occurrence) in plan {
            try bed.startHub(crashPoint: CrashSafetyTests.crash(at: point, occurrence: occurrence, triggered: triggered))
            try await bed.waitForHubToEnd(within: .seconds(4))
            Self.removeStore(at: bed.storePath)
        }
        #expect(triggered.current >= 3, "most crash points were reached while work was in hand")
        for delay in [300, 700] {
            try bed.startHub()
            try await Task.sleep(for: .milliseconds(delay))
            await bed.crashHub()
            Self.removeStore(at: bed.storePath)
        }
        try bed.startHub()
        for id in ids {
            #expect(try await bed.waitForOutcome(id, within: .seconds(60)) == .completed, "\(id)")
        }
        let full = ids.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        let minimal = ids.enumerated().filter { !$0.offset.isMultiple(of: 2) }.map(\.element)
        let expected = CrashSafetyTests.expectedRequests(full, matters: ["M10", "M01", "M04", "M05", "M06", "M07", "M08", "M09"])
            .union(CrashSafetyTests.expectedRequests(minimal, matters: ["M10", "M01", "M05", "M06"]))
        #expect(Set(bed.departments.requests.current) == expected)
        #expect(bed.deadLetters().isEmpty)
        #expect(try await eventually { try bed.store.read { try $0.outboxDepth() } == 0 })
        try await bed.stopHub()
        await bed.shutdown()
    }
}
