import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// A restore writes an application's de-duplication keys as one row (`restored_events`,
/// schema version 10); the hub still finds every one of them, by application.
@Suite struct RestoredEventsTests {
    private func record(_ id: String, keys: [(String, Double)], epoch: Int64 = 1, writer: String = "other") -> StateRecord {
        var application = sampleRecord(id: id, updatedAt: instant(10))
        application.ownerEpoch = epoch
        return StateRecord(application: application, writer: writer, publishedThrough: nil,
                           processedEvents: keys.map { ProcessedEvent(key: $0.0, at: instant($0.1)) }, pendingMessages: [])
    }

    private func entry(_ record: StateRecord, offset: Int64) -> ChangelogEntry {
        ChangelogEntry(offset: offset, key: Array(record.application.id.utf8), value: StateRecordCodec.encode(record),
                       headers: StateRecordCodec.headers(of: record))
    }

    private func count(_ store: CorrelationStore, _ sql: String) throws -> Int64 {
        try store.read { try $0.database.scalarInt(sql) }
    }

    @Test func restoredKeysAreOneRowPerApplicationAndStillDeduplicate() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let restore = ChangelogRestore(store: store, topic: "t", partition: 0)
        try restore.apply([
            entry(record("A-1", keys: [("channel\u{1F}A-1", 1), ("hrss\u{1F}r-1", 2), ("quote\"d\\key", 3)]), offset: 0),
            entry(record("A-2", keys: [("channel\u{1F}A-2", 1)]), offset: 1),
        ])
        _ = try restore.finish(nextOffset: 2)
        #expect(try count(store, "SELECT count(*) FROM restored_events") == 2)
        #expect(try count(store, "SELECT count(*) FROM processed_events") == 0)

        let firstTimes = try store.write { writer in
            [
                // A restored key of the application is a duplicate, whatever its characters.
                try writer.markProcessed(eventID: "hrss\u{1F}r-1", at: instant(20), applicationID: "A-1"),
                try writer.markProcessed(eventID: "quote\"d\\key", at: instant(20), applicationID: "A-1"),
                // Keys are per application: another application's key is not its duplicate.
                try writer.markProcessed(eventID: "channel\u{1F}A-2", at: instant(20), applicationID: "A-1"),
                try writer.markProcessed(eventID: "hrss\u{1F}r-2", at: instant(21), applicationID: "A-1"),
                try writer.markProcessed(eventID: "hrss\u{1F}r-2", at: instant(22), applicationID: "A-1"),
            ]
        }
        #expect(firstTimes == [false, false, true, true, false])
        let events = try store.read { try $0.processedEvents(applicationID: "A-1") }
        #expect(events.map(\.key) == ["channel\u{1F}A-1", "hrss\u{1F}r-1", "quote\"d\\key", "channel\u{1F}A-2", "hrss\u{1F}r-2"])
        #expect(try store.read { try $0.hasProcessed(eventID: "quote\"d\\key") })
        #expect(try store.read { try $0.hasProcessed(eventID: "never") } == false)
    }

    @Test func aNewerRecordAddsToTheRestoredKeysAndPruningTakesThemTogether() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let first = ChangelogRestore(store: store, topic: "t", partition: 0)
        try first.apply([entry(record("A-1", keys: [("k-1", 1), ("k-2", 2)]), offset: 0)])
        _ = try first.finish(nextOffset: 1)
        // A later record of the application, the first key pruned by its writer meanwhile.
        let tail = ChangelogRestore(store: store, topic: "t", partition: 0)
        try tail.apply([entry(record("A-1", keys: [("k-2", 2), ("k-3", 30)], epoch: 2), offset: 1)])
        _ = try tail.finish(nextOffset: 2)
        #expect(try store.read { try $0.processedEvents(applicationID: "A-1") }.map(\.key) == ["k-1", "k-2", "k-3"])
        #expect(try count(store, "SELECT count(*) FROM restored_events") == 1)

        // Kept while its newest key is younger than the cutoff, then removed whole.
        #expect(try store.write { try $0.pruneProcessedEvents(before: instant(25)) } == 0)
        #expect(try store.read { try $0.processedEvents(applicationID: "A-1") }.count == 3)
        #expect(try store.write { try $0.pruneProcessedEvents(before: instant(31)) } == 3)
        #expect(try store.read { try $0.processedEvents(applicationID: "A-1") }.isEmpty)
    }

    @Test func aTombstoneRemovesTheRestoredKeys() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let restore = ChangelogRestore(store: store, topic: "t", partition: 0)
        let tombstone = ChangelogEntry(offset: 1, key: Array("A-1".utf8), value: nil,
                                       headers: [StoredHeader(key: StateRecordCodec.Header.epoch, value: Array("2".utf8))])
        try restore.apply([entry(record("A-1", keys: [("k-1", 1)]), offset: 0)])
        try restore.apply([tombstone])
        _ = try restore.finish(nextOffset: 2)
        #expect(try count(store, "SELECT count(*) FROM restored_events") == 0)
        #expect(try store.read { try $0.application(id: "A-1") } == nil)
    }

    /// Several partitions' runs and ends written in one transaction give the store that
    /// one transaction per run gives.
    @Test func stepsOfSeveralPartitionsInOneTransactionEqualThemOneByOne() throws {
        let together = try TemporaryDirectory(), apart = try TemporaryDirectory()
        let runs: [(partition: Int32, records: [StateRecord])] = [
            (0, [record("A-1", keys: [("a", 1)]), record("A-2", keys: [("b", 2)])]),
            (1, [record("B-1", keys: [("c", 3)])]),
            (0, [record("A-1", keys: [("a", 1), ("d", 4)], epoch: 2)]),
        ]
        func entries(_ index: Int) -> [ChangelogEntry] {
            let before = runs[..<index].filter { $0.partition == runs[index].partition }.map(\.records.count).reduce(0, +)
            return runs[index].records.enumerated().map { entry($1, offset: Int64(before + $0)) }
        }
        let storeA = try openStore(together), storeB = try openStore(apart)
        let restoresA = [ChangelogRestore(store: storeA, topic: "t", partition: 0), ChangelogRestore(store: storeA, topic: "t", partition: 1)]
        var steps: [ChangelogRestore.Step] = runs.indices.map { index in
            .apply(restoresA[Int(runs[index].partition)], ChangelogRestore.prepare(entries(index), ownWriter: storeA.writerID))
        }
        steps += [.finish(restoresA[0], nextOffset: 3), .finish(restoresA[1], nextOffset: 1)]
        try ChangelogRestore.write(steps, store: storeA)

        let restoresB = [ChangelogRestore(store: storeB, topic: "t", partition: 0), ChangelogRestore(store: storeB, topic: "t", partition: 1)]
        for index in runs.indices { try restoresB[Int(runs[index].partition)].apply(entries(index)) }
        let summaries = [try restoresB[0].finish(nextOffset: 3), try restoresB[1].finish(nextOffset: 1)]

        #expect(restoresA.map(\.summary) == summaries)
        #expect(summaries[0].applied == 3 && summaries[1].applied == 1)
        for store in [storeA, storeB] {
            #expect(try store.read { try $0.changelogOffset(topic: "t", partition: 0) } == 3)
            #expect(try store.read { try $0.changelogOffset(topic: "t", partition: 1) } == 1)
        }
        let ids = ["A-1", "A-2", "B-1"]
        let a = try storeA.read { reader in try ids.map { (try reader.application(id: $0), try reader.processedEvents(applicationID: $0)) } }
        let b = try storeB.read { reader in try ids.map { (try reader.application(id: $0), try reader.processedEvents(applicationID: $0)) } }
        #expect(a.map(\.0) == b.map(\.0))
        #expect(a.map(\.1) == b.map(\.1))
        #expect(a[0].0?.ownerEpoch == 2)
        #expect(a[0].1.map(\.key) == ["a", "d"])
    }
}
