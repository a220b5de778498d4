import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct SchemaTests {
    @Test func newFileIsMigratedToCurrentVersionInWALMode() throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory)
        let connection = try Connection(path: directory.path(), readOnly: true, busyTimeout: .seconds(1))
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(CorrelationStore.schemaVersion))
        let mode = try connection.queryFirst("PRAGMA journal_mode", []) { row throws(StoreError) in try row.string(0) }
        #expect(mode == "wal")
        #expect(try connection.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try connection.scalarInt("PRAGMA synchronous") == 1)  // NORMAL
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", []) {
            row throws(StoreError) in try row.string(0)
        }
        for table in ["applications", "deadletters", "history", "matters", "orders", "outbox", "processed_events"] {
            #expect(tables.contains(table))
        }
    }

    @Test func emptyExistingFileIsMigrated() throws {
        let directory = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: directory.path(), contents: Data())
        let store = try openStore(directory)
        try store.write { writer in try writer.save(sampleRecord(id: "A1")) }
        #expect(try store.read { try $0.application(id: "A1") }?.id == "A1")
    }

    @Test func reopeningKeepsDataAndDoesNotMigrateAgain() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try openStore(directory)
            try store.write { writer in try writer.save(sampleRecord(id: "A1")) }
        }
        let store = try openStore(directory)
        #expect(try store.read { try $0.application(id: "A1") } == sampleRecord(id: "A1"))
    }

    @Test func newerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try openStore(directory)
            let connection = try Connection(path: directory.path(), readOnly: false, busyTimeout: .seconds(1))
            try connection.execute("PRAGMA user_version = \(CorrelationStore.schemaVersion + 1)")
        }
        let error = storeError { _ = try openStore(directory) }
        #expect(error == .newerSchema(found: CorrelationStore.schemaVersion + 1, supported: CorrelationStore.schemaVersion))
        let readOnlyError = storeError { _ = try CorrelationStore(path: directory.path(), readOnly: true) }
        #expect(readOnlyError == .newerSchema(found: CorrelationStore.schemaVersion + 1, supported: CorrelationStore.schemaVersion))
    }

    @Test func missingFileOpenedReadOnlyIsCannotOpenWithClearMessage() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("absent.sqlite")
        let error = try #require(storeError { _ = try CorrelationStore(path: path, readOnly: true) })
        guard case .cannotOpen(let reportedPath, let message) = error else {
            Issue.record("expected cannotOpen, got \(error)")
            return
        }
        #expect(reportedPath == path)
        #expect(message.contains("no store file"))
        #expect(error.description.contains(path))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func readOnlyOpeningOfAnUnmigratedFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: directory.path(), contents: Data())
        let error = storeError { _ = try CorrelationStore(path: directory.path(), readOnly: true) }
        guard case .cannotOpen = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
    }

    @Test func fileThatIsNotADatabaseIsCorrupt() throws {
        let directory = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: directory.path(), contents: Data(repeating: 0x41, count: 4096))
        let error = storeError { _ = try openStore(directory) }
        guard case .corrupt = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
    }

    @Test func directoryInsteadOfFileCannotBeOpened() throws {
        let directory = try TemporaryDirectory()
        let error = storeError { _ = try CorrelationStore(path: directory.url.path) }
        guard case .cannotOpen = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
    }

    @Test func readOnlyStoreReadsButRefusesWrites() throws {
        let directory = try TemporaryDirectory()
        let writer = try openStore(directory)
        try writer.write { try $0.save(sampleRecord(id: "A1")) }
        let reader = try CorrelationStore(path: directory.path(), readOnly: true)
        #expect(try reader.read { try $0.application(id: "A1") }?.id == "A1")
        let error = storeError { try reader.write { try $0.save(sampleRecord(id: "A2")) } }
        guard case .readOnly = error else {
            Issue.record("expected readOnly, got \(String(describing: error))")
            return
        }
    }

    /// Every hot query is served by an index, never by a scan of a whole table.
    @Test func hotQueriesUseIndexes() throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory)
        let connection = try Connection(path: directory.path(), readOnly: true, busyTimeout: .seconds(1))
        let hotPath: [HotStatement] = [
            .selectApplication, .selectMatters, .deletePublishedRange, .deleteMatter, .deleteOtherMatters,
            .update(.applications, columns: 0b1), .update(.matters, columns: 0b101),
        ]
        let hot = hotPath.map(\.sql) + [
            "SELECT id FROM applications WHERE next_timer_at IS NOT NULL AND next_timer_at <= ?1 ORDER BY next_timer_at LIMIT ?2",
            "SELECT 1 FROM processed_events WHERE event_id = ?1",
            "SELECT id, topic, key, value, headers FROM outbox ORDER BY id LIMIT ?1",
            "SELECT id FROM orders WHERE done_at IS NULL ORDER BY id LIMIT ?1",
            "SELECT a.id FROM applications a ORDER BY a.updated_at DESC, a.id DESC LIMIT ?1",
            "SELECT count(*) FROM applications WHERE state = ?1",
            "SELECT application_id FROM history WHERE application_id = ?1 ORDER BY id",
            "DELETE FROM processed_events WHERE at < ?1",
            "SELECT application_id FROM matters WHERE is_final = 0 AND deadline IS NOT NULL ORDER BY deadline",
            "SELECT event_id, at FROM processed_events WHERE application_id = ?1 ORDER BY at, event_id",
            "SELECT \(OutboxRows.columns) FROM outbox WHERE application_id = ?1 ORDER BY id",
            "SELECT owner_epoch FROM applications WHERE id = ?1",
        ]
        for sql in hot {
            let plan = try connection.query("EXPLAIN QUERY PLAN \(sql)", Array(repeating: SQLValue.null, count: parameterCount(sql))) {
                row throws(StoreError) in try row.string(3)
            }
            let text = plan.joined(separator: " | ")
            // The outbox holds only the unpublished backlog (published rows are deleted),
            // and walking it in rowid order up to LIMIT is walking its primary key.
            let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.contains("INDEX") && $0 != "SCAN outbox" }
            #expect(scans.isEmpty, "full scan in plan of \(sql): \(text)")
            #expect(!text.contains("TEMP B-TREE"), "sort without index in plan of \(sql): \(text)")
        }
    }

    private func parameterCount(_ sql: String) -> Int {
        (1...9).last { sql.contains("?\($0)") } ?? 0
    }
}

@Suite struct ReadOnlyAfterCloseTests {
    /// hubctl inspects a store while hubd is stopped: the WAL files are gone then.
    @Test func checkpointTruncatesTheWAL() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer in for index in 0..<50 { try writer.save(sampleRecord(id: "A\(index)")) } }
        let wal = directory.path() + "-wal"
        #expect(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? 0 > 0)
        try store.checkpoint()
        #expect(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int == 0)
        #expect(try store.read { try $0.countsByState() } == [.inProgress: 50])
    }

    @Test func readOnlyOpeningOfAClosedStoreWorks() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try openStore(directory)
            try store.write { try $0.save(sampleRecord(id: "A1")) }
        }
        let reader = try CorrelationStore(path: directory.path(), readOnly: true)
        #expect(try reader.read { try $0.application(id: "A1") }?.id == "A1")
        #expect(try reader.read { try $0.countsByState() } == [.inProgress: 1])
    }
}

@Suite struct MigrationStepTests {
    @Test func laterStepsRunInOrderOnAnOlderFileAndKeepItsData() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try openStore(directory)
            try store.write { try $0.save(sampleRecord(id: "A1")) }
        }
        let current = Schema.currentVersion
        let steps = Schema.steps + [
            Migration(version: current + 1, summary: "a column", sql: "ALTER TABLE applications ADD COLUMN note TEXT"),
            Migration(version: current + 2, summary: "fill it", sql: "UPDATE applications SET note = 'migrated'"),
        ]
        let connection = try Connection(path: directory.path(), readOnly: false, busyTimeout: .seconds(1))
        try Schema.migrate(connection, steps: steps)
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(current + 2))
        let note = try connection.queryFirst("SELECT note FROM applications WHERE id = 'A1'", []) { row throws(StoreError) in
            row.optionalString(0)
        }
        #expect(note == "migrated")
        // Running again changes nothing.
        try Schema.migrate(connection, steps: steps)
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(current + 2))
        // The released code now refuses the file.
        #expect(storeError { try Schema.migrate(connection) } == .newerSchema(found: current + 2, supported: current))
    }

    @Test func failingStepLeavesTheFileAtThePreviousVersion() throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory)
        let current = Schema.currentVersion
        let steps = Schema.steps + [Migration(version: current + 1, summary: "broken", sql: "ALTER TABLE nowhere ADD COLUMN x")]
        let connection = try Connection(path: directory.path(), readOnly: false, busyTimeout: .seconds(1))
        #expect(storeError { try Schema.migrate(connection, steps: steps) } != nil)
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(current))
    }
}
