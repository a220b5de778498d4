import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// Retention and the promises: an archive line carries the application's evaluations,
/// rectifications, cards and notices; an application a department still owes a
/// rectification or a card answer stays in the store; archiving removes the promises'
/// rows with the application.
@Suite struct RetentionPromisesTests {
    /// A completed application with a closed rectification, a closed card and two notices.
    private static func promises(closed: Bool) -> PromiseRecords {
        PromiseRecords(
            evaluations: [
                EvaluationRecord(channel: "/channels/window", matter: "M08", department: "hpf", level: "dissatisfied",
                                 score: 2, comment: "到账慢", at: instant(20), eventID: "ev-eval-1"),
            ],
            rectifications: [
                RectificationRecord(id: "A-1:rect:1", department: "hpf", matter: "M08", channel: "/channels/window",
                                    level: "dissatisfied", comment: "到账慢", openedAt: instant(20), deadline: instant(500),
                                    closedAt: closed ? instant(30) : nil, note: closed ? "已当面致歉并加快到账" : nil),
            ],
            cards: [
                CardRecord(id: "A-1:card:M08:yellow", subject: "M08", department: "hpf", level: "yellow", recipient: "liaison",
                           openedAt: instant(5), acknowledgedAt: instant(6), rectifiedAt: instant(7), note: "已督促",
                           closedAt: closed ? instant(9) : nil),
            ],
            notices: [
                NoticeRecord(id: "A-1:notice:1", kind: "accepted", at: instant(1)),
                NoticeRecord(id: "A-1:notice:2", kind: "supplement", at: instant(3), covers: ["M08:r1", "M05:r1"]),
            ])
    }

    private func final(_ id: String, promises: PromiseRecords, in store: CorrelationStore) throws {
        try store.write { writer in
            var record = sampleRecord(id: id, updatedAt: instant(40), state: .completed)
            record.outcome = .completed
            record.promises = promises
            try writer.save(record)
            try writer.appendHistory(HistoryEntry(applicationID: id, at: instant(40), kind: "completed", detail: "All matters are done."))
        }
    }

    private func count(_ table: String, _ id: String, in store: CorrelationStore) throws -> Int64 {
        let sql = "SELECT count(*) FROM \(table) WHERE application_id = ?1"
        return try store.read { (reader: StoreReader) throws -> Int64 in try reader.database.scalarInt(sql, [.text(id)]) }
    }

    @Test func anArchiveLineCarriesThePromisesAndReadsBackTheSame() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("A-1", promises: Self.promises(closed: true), in: store)
        let form = try #require(try store.read { try $0.archivedForm(applicationID: "A-1", archivedAt: instant(99), writer: "w") })
        #expect(form.application.promises == Self.promises(closed: true))
        let line = ArchiveRecordCodec.encode(form)
        let decoded = try ArchiveRecordCodec.decode(line)
        #expect(decoded == form)
        #expect(decoded.application.promises.rectifications.first?.note == "已当面致歉并加快到账")
        #expect(decoded.application.promises.notices.last?.covers == ["M08:r1", "M05:r1"])
        // Written inside the application, as in a state record.
        let json = try JSONValue(parsing: line)
        #expect(json.objectValue?["application"]?.objectValue?["promises"]?.objectValue?["cards"]?.arrayValue?.count == 1)
    }

    /// A restore runs with foreign keys not enforced (`RestoreForeignKeysTests`), so a
    /// tombstone's removal deletes the promises' rows itself, not through the cascade.
    @Test func aRestoredTombstoneRemovesThePromisesRowsToo() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("A-1", promises: Self.promises(closed: false), in: store)
        for table in ["evaluations", "rectifications", "cards", "notices"] { #expect(try count(table, "A-1", in: store) > 0) }
        let restore = ChangelogRestore(store: store, topic: "retirement.state", partition: 0)
        try restore.apply([ChangelogEntry(offset: 0, key: Array("A-1".utf8), value: nil, headers: [
            StoredHeader(key: StateRecordCodec.Header.epoch, value: Array("9".utf8)),
            StoredHeader(key: StateRecordCodec.Header.writer, value: Array("other-store".utf8)),
        ])])
        #expect(try restore.finish(nextOffset: 1).removed == 1)
        for table in ["evaluations", "rectifications", "cards", "notices", "matters", "history"] {
            #expect(try count(table, "A-1", in: store) == 0, "\(table)")
        }
    }

    @Test func anOpenRectificationOrCardKeepsTheApplicationInTheStore() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("A-1", promises: Self.promises(closed: false), in: store)
        var cardOnly = Self.promises(closed: true)
        cardOnly.cards[0].closedAt = nil
        try final("A-2", promises: cardOnly, in: store)
        try final("A-3", promises: Self.promises(closed: true), in: store)
        let due = try store.read { try $0.archivableApplications(changedBefore: instant(1_000), limit: 10) }
        #expect(due.map(\.id) == ["A-3"])
        // Read for the archive while closed, then reopened before removal: kept.
        let form = try #require(try store.read { try $0.archivedForm(applicationID: "A-3", archivedAt: instant(99), writer: "w") })
        try store.write { writer in
            guard var record = try writer.application(id: "A-3") else { throw TestFailure("no A-3") }
            let previous = record
            record.promises.rectifications[0].closedAt = nil
            try writer.save(record, previous: previous)
        }
        #expect(try store.write { try $0.removeArchived(form) } == false)
        #expect(try store.read { try $0.application(id: "A-3") } != nil)
    }

    @Test func archivingRemovesThePromisesRowsWithTheApplication() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try final("A-1", promises: Self.promises(closed: true), in: store)
        for table in ["evaluations", "rectifications", "cards", "notices"] {
            #expect(try count(table, "A-1", in: store) >= 1, "\(table)")
        }
        let form = try #require(try store.read { try $0.archivedForm(applicationID: "A-1", archivedAt: instant(99), writer: "w") })
        #expect(try store.write { try $0.removeArchived(form) })
        for table in ["evaluations", "rectifications", "cards", "notices"] {
            #expect(try count(table, "A-1", in: store) == 0, "\(table)")
        }
    }
}
