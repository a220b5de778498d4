import Foundation
import OneThingArchive
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingSupport
import OneThingTestSupport
import Testing
@testable import OneThingHub

/// Retention through the whole pipeline on the mock cluster: a final application past
/// the retention period is archived beside the store, leaves the store, gets tombstones
/// on the status and state topics, and a store rebuilt from the state topic does not
/// bring it back; an application inside the period stays.
@Suite("End to end: retention")
struct RetentionEndToEndTests {
    @Test func anOldFinalApplicationIsArchivedTombstonedAndNotRestored() async throws {
        let bed = try HubTestBed()
        let shift = Locked<TimeInterval>(0)
        try bed.startHub(customize: { options in
            options.clock = { Date().addingTimeInterval(shift.withLock { $0 }) }
            options.retentionInterval = .milliseconds(100)
        })
        try await bed.channel.submit(ApplicationForms.full(id: "GX-RET-OLD"), id: "GX-RET-OLD")
        #expect(try await bed.waitForOutcome("GX-RET-OLD") == .completed)
        #expect(try await eventually { try bed.store.read { try $0.outboxDepth() } == 0 })

        // 401 days later: a new application arrives, the old one's time is up.
        shift.withLock { $0 = 401 * 86_400 }
        try await bed.channel.submit(ApplicationForms.full(id: "GX-RET-NEW"), id: "GX-RET-NEW")
        #expect(try await bed.waitForOutcome("GX-RET-NEW") == .completed)
        #expect(try await eventually(within: .seconds(30)) { try bed.record("GX-RET-OLD") == nil })
        #expect(try bed.history("GX-RET-OLD").isEmpty)

        let directory = ArchiveDirectory(path: ArchiveDirectory.defaultPath(forStore: bed.storePath))
        let found = try #require(try ArchiveSearch.find(applicationID: "GX-RET-OLD", in: directory))
        #expect(found.archived.application.outcome == .completed)
        #expect(found.archived.history.contains { $0.kind == "completed" })
        #expect(try ArchiveSearch.find(applicationID: "GX-RET-NEW", in: directory) == nil)

        func tombstones(_ topic: String) -> [ConsumedMessage] {
            bed.recorder.on(topic).filter { $0.value == nil && $0.key.map { String(decoding: $0, as: UTF8.self) } == "GX-RET-OLD" }
        }
        #expect(try await eventually { tombstones(bed.flow.topics.status).count == 1 && tombstones(bed.flow.topics.state).count == 1 })
        #expect(bed.statusEvents("GX-RET-OLD").last == "completed", "the snapshots before the tombstone are untouched")
        try await bed.stopHub()

        // A store on an empty disk rebuilt from the state topic holds the new application
        // and not the archived one.
        var byPartition: [Int32: [ChangelogEntry]] = [:]
        for message in bed.recorder.on(bed.flow.topics.state) {
            byPartition[message.partition, default: []].append(
                ChangelogEntry(offset: message.offset, key: message.key, value: message.value,
                               headers: message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) }))
        }
        let rebuiltDirectory = try TemporaryDirectory()
        let rebuilt = try CorrelationStore(path: rebuiltDirectory.path(), recordCacheCapacity: 0)
        for (partition, entries) in byPartition {
            let restore = ChangelogRestore(store: rebuilt, topic: bed.flow.topics.state, partition: partition)
            try restore.apply(entries.sorted { $0.offset < $1.offset })
            let summary = try restore.finish(nextOffset: (entries.map(\.offset).max() ?? -1) + 1)
            #expect(summary.invalid == 0)
        }
        #expect(try rebuilt.read { try $0.application(id: "GX-RET-OLD") } == nil)
        #expect(try rebuilt.read { try $0.application(id: "GX-RET-NEW") }?.outcome == .completed)
        await bed.shutdown()
    }
}
