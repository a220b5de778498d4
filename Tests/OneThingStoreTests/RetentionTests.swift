import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// What the store offers retention: which applications may be archived, their archive
/// lines, removing them with every row, tombstones in the outbox, the record of a batch
/// under way, dead letters' payloads dropped with their digest kept, and a restore that
/// honours a tombstone.
@Suite struct RetentionTests {
    private func final(_ id: String, at seconds: Double, partition: Int32? = nil, in store: CorrelationStore) throws {
        try store.write { writer in
            var record = sampleRecord(id: id, updatedAt: instant(seconds), state: .completed)
            record.outcome = .completed
            try writer.save(record)
            try writer.appendHistory(HistoryEntry(applicationID: id, at: instant(seconds), kind: "completed",
                                                  eventID: "ev-\(id)", detail: "All matters are done."))
            try writer.markProcessed(eventID: "src ev-\(id)", at: instant(seconds), applicationID: id)
            if let partition { try writer.assignPartition(partition, toApplication: id) }
        }
    }

    @Test func onlyFinalIdleOwnedApplicationsOlderThanTheCutoffAreArchivable() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("OLD-1", at: 10, partition: 0, in: store)
        try final("OLD-2", at: 20, partition: 1, in: store)
        try final("OLD-ORDER", at: 30, partition: 0, in: store)
        try final("OLD-OUTBOX", at: 40, partition: 0, in: store)
        try final("NEW", at: 5_000, partition: 0, in: store)
        try final("LEGACY", at: 50, in: store)
        try store.write { writer in
            try writer.save(sampleRecord(id: "OPEN", updatedAt: instant(1)))
            try writer.recordOrder(applicationID: "OLD-ORDER", kind: .resend(matter: "M01"), requestedBy: "ops", at: instant(31))
            try writer.enqueue(topic: "retirement.status", key: nil, value: [1], headers: [], at: instant(41), applicationID: "OLD-OUTBOX")
        }
        let all = try store.read { try $0.archivableApplications(changedBefore: instant(1_000), limit: 10) }
        #expect(all.map(\.id) == ["OLD-1", "OLD-2", "LEGACY"])
        #expect(all.first?.updatedAt == instant(10))
        let owned = try store.read { try $0.archivableApplications(changedBefore: instant(1_000), limit: 10, partitions: [0]) }
        #expect(owned.map(\.id) == ["OLD-1", "LEGACY"])
        #expect(try store.read { try $0.archivableApplications(changedBefore: instant(1_000), limit: 1) }.map(\.id) == ["OLD-1"])
    }

    @Test func anArchivedFormRoundTripsThroughItsLine() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("A-1", at: 10, in: store)
        try store.write { writer in
            let order = try writer.recordOrder(applicationID: "A-1", kind: .withdraw(reason: "申请人撤回"), requestedBy: "ops", at: instant(11))
            try writer.completeOrder(id: order, result: "Withdrawn.", at: instant(12))
        }
        let form = try #require(try store.read { try $0.archivedForm(applicationID: "A-1", archivedAt: instant(99), writer: store.writerID) })
        #expect(form.history.count == 1)
        #expect(form.orders.count == 1)
        #expect(form.processedEvents.map(\.key) == ["src ev-A-1"])
        let line = ArchiveRecordCodec.encode(form)
        #expect(!line.contains(UInt8(ascii: "\n")))
        #expect(try ArchiveRecordCodec.decode(line) == form)
        #expect(storeError { _ = try ArchiveRecordCodec.decode(Array("{\"format\":2}".utf8)) } != nil)
    }

    @Test func removingAnArchivedApplicationTakesEveryRowAndOnlyIfUnchanged() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("A-1", at: 10, in: store)
        try final("A-2", at: 10, in: store)
        let forms = try store.read { reader in
            try ["A-1", "A-2"].compactMap { try reader.archivedForm(applicationID: $0, archivedAt: instant(99), writer: "w") }
        }
        // A-2 gets a late reply's history entry after it was read for the archive.
        try store.write { try $0.appendHistory(HistoryEntry(applicationID: "A-2", at: instant(50), kind: "reply-late", detail: "late")) }
        let removed = try store.write { writer in try forms.map { try writer.removeArchived($0) } }
        #expect(removed == [true, false])
        try store.read { (reader: StoreReader) throws -> Void in
            #expect(try reader.application(id: "A-1") == nil)
            #expect(try reader.history(applicationID: "A-1").isEmpty)
            #expect(try reader.processedEvents(applicationID: "A-1").isEmpty)
            #expect(try reader.orders(applicationID: "A-1").isEmpty)
            #expect(try reader.application(id: "A-2") != nil)
        }
        let rows = try store.read { try $0.database.scalarInt("SELECT count(*) FROM matters WHERE application_id = 'A-1'") }
        #expect(rows == 0)
    }

    @Test func tombstonesAreOutboxRowsWithoutValueAndBelongToNoApplication() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let header = StoredHeader(key: "state_epoch", value: Array("9".utf8))
        _ = try store.write { try $0.enqueueTombstone(topic: "retirement.state", key: Array("A-1".utf8), headers: [header], at: instant(1)) }
        let rows = try store.unsentOutbox(limit: 10)
        #expect(rows.count == 1)
        #expect(rows[0].isTombstone)
        #expect(rows[0].value.isEmpty)
        #expect(rows[0].headers == [header])
        #expect(try store.read { try $0.unsentOutbox(topic: "retirement.state", limit: 10) }.map(\.isTombstone) == [true])
        #expect(try store.read { try $0.pendingOutbox(applicationID: "A-1") }.isEmpty)
    }

    @Test func anArchiveBatchIsRecordedUntilClosed() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        #expect(try store.read { try $0.pendingArchiveBatch() } == nil)
        let batch = try store.write { try $0.beginArchiveBatch(file: "2027-01.jsonl.gz", startOffset: 1234, applicationIDs: ["A-1", "A\"2"], at: instant(1)) }
        let reopened = try openStore(directory)
        #expect(try reopened.read { try $0.pendingArchiveBatch() } == batch)
        try reopened.write { try $0.endArchiveBatch(id: batch.id) }
        #expect(try store.read { try $0.pendingArchiveBatch() } == nil)
    }

    @Test func oldDeadLetterPayloadsAreDroppedAndTheirDigestKept() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer in
            for (index, seconds) in [10.0, 20, 5_000].enumerated() {
                try writer.recordDeadLetter(DeadLetterRecord(at: instant(seconds), code: "malformed", reason: "not JSON \(index)",
                                                             topic: "retirement.applications", partition: 0, offset: Int64(index),
                                                             key: Array("K".utf8), value: Array("payload \(index)".utf8), headers: []))
            }
        }
        let old = try store.write { try $0.deadLetterPayloads(recordedBefore: instant(1_000), limit: 10) }
        #expect(old.map { String(decoding: $0.value, as: UTF8.self) } == ["payload 0", "payload 1"])
        try store.write { writer in
            for payload in old {
                try writer.dropDeadLetterPayload(id: payload.id, sha256: "digest-\(payload.id)", bytes: payload.value.count, at: instant(2_000))
            }
        }
        let letters = try store.read { try $0.deadLetters(limit: 10) }
        #expect(letters.map { $0.value.map { String(decoding: $0, as: UTF8.self) } } == ["payload 2", nil, nil])
        #expect(letters[1].droppedPayload == DeadLetterRecord.DroppedPayload(sha256: "digest-\(old[1].id)", bytes: 9, droppedAt: instant(2_000)))
        #expect(letters[1].reason == "not JSON 1")
        #expect(letters[0].droppedPayload == nil)
        #expect(try store.write { try $0.deadLetterPayloads(recordedBefore: instant(1_000), limit: 10) }.isEmpty)
    }

    @Test func aRestoredTombstoneRemovesTheApplicationUnlessANewerRecordFollows() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("A-1", at: 10, in: store)
        try final("A-2", at: 10, in: store)
        func tombstone(_ id: String, offset: Int64, epoch: Int64) -> ChangelogEntry {
            ChangelogEntry(offset: offset, key: Array(id.utf8), value: nil, headers: [
                StoredHeader(key: StateRecordCodec.Header.epoch, value: Array(String(epoch).utf8)),
                StoredHeader(key: StateRecordCodec.Header.writer, value: Array("other-store".utf8)),
            ])
        }
        var again = sampleRecord(id: "A-2", updatedAt: instant(900))
        again.ownerEpoch = 5
        let record = StateRecord(application: again, writer: "other-store", publishedThrough: nil, processedEvents: [], pendingMessages: [])
        let restore = ChangelogRestore(store: store, topic: "retirement.state", partition: 0)
        try restore.apply([tombstone("A-1", offset: 0, epoch: 4), tombstone("A-2", offset: 1, epoch: 4),
                           ChangelogEntry(offset: 2, key: Array("A-2".utf8), value: StateRecordCodec.encode(record),
                                          headers: StateRecordCodec.headers(of: record))])
        let summary = try restore.finish(nextOffset: 3)
        #expect(summary.removed == 1)
        #expect(summary.invalid == 0)
        try store.read { (reader: StoreReader) throws -> Void in
            #expect(try reader.application(id: "A-1") == nil)
            #expect(try reader.history(applicationID: "A-1").isEmpty)
            #expect(try reader.application(id: "A-2")?.updatedAt == instant(900))
        }
    }

    @Test func theRecordCacheIsBoundedInBytes() throws {
        let directory = try TemporaryDirectory()
        let budget = 256 * 1024
        let store = try CorrelationStore(path: directory.path(), recordCacheCapacity: 10_000, recordCacheBytes: budget)
        // Applications of about 20 KB each: the record count alone (10,000) would let the
        // cache hold 200 MB of them.
        let large: [ApplicationRecord] = (0..<100).map { index in
            var record = sampleRecord(id: "BIG-\(index)")
            record.document = .object(JSONObject((0..<200).map { ("field\($0)", .string(String(repeating: "长", count: 30))) }))
            return record
        }
        try store.write { writer in for record in large { try writer.save(record) } }
        for record in large { #expect(try store.read { try $0.application(id: record.id) } == record) }
        let usage = store.recordCacheUsage()
        #expect(usage.bytes <= budget)
        #expect(usage.records < 100)
        #expect(usage.records > 0)
        #expect(RecordFootprint.bytes(of: large[0]) > 20_000)
        // One record larger than the whole budget is served, never cached.
        var huge = sampleRecord(id: "HUGE")
        huge.document = .string(String(repeating: "x", count: budget))
        try store.write { try $0.save(huge) }
        #expect(try store.read { try $0.application(id: "HUGE") } == huge)
        #expect(store.recordCacheUsage().bytes <= budget)
    }

    @Test func preparedStatementsAreBoundedToo() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let counts = try store.read { reader -> [Int] in
            let database = try reader.database
            return try (0..<600).map { index in
                _ = try database.scalarInt("SELECT \(index)")
                return database.cachedStatements
            }
        }
        #expect(counts.allSatisfy { $0 <= Connection.statementCacheLimit })
        #expect(counts.last ?? 0 > 0)
    }
}
