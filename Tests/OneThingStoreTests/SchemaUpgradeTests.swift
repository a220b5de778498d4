import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// Version 2 (the application deadline's overdue flag and supplement pause) on a file
/// written by version 1 code.
@Suite struct SchemaUpgradeTests {
    /// A version 1 file exactly as version 1 code left it: only the first step, rows
    /// written with version 1's columns.
    private func versionOneFile(_ directory: TemporaryDirectory) throws {
        let connection = try Connection(path: directory.path(), readOnly: false, busyTimeout: .seconds(1))
        try Schema.migrate(connection, steps: [Schema.version1])
        #expect(try connection.scalarInt("PRAGMA user_version") == 1)
        try connection.run("""
            INSERT INTO applications (id, flow, state, document, content_digest, submitted_event_id, accepted_at,
                deadline, outcome, errors, not_applicable, last_event, last_event_matter, updated_at, next_timer_at)
            VALUES ('V1-APP', 'retirement', 'in-progress', '{"applicationId":"V1-APP"}', 'sha256:v1', 'ce-v1',
                1800000000000, 1801296000000, NULL, '[]', '[]', 'matter-sent', 'M10', 1800000001000, 1800000600000)
            """, [])
        try connection.run("""
            INSERT INTO matters (application_id, code, position, department, state, is_final, revision, request_id,
                sent_at, last_sent_at, received_at, final_at, deadline, supplement_since, paused_seconds, resends,
                stalled, due_soon_notified, overdue_notified, outputs, reason)
            VALUES ('V1-APP', 'M10', 0, 'police', 'sent', 0, 1, 'V1-APP:M10:r1', 1800000001000, 1800000001000,
                NULL, NULL, 1800086401000, NULL, 0, 0, 0, 0, 0, '{}', NULL)
            """, [])
    }

    @Test func versionOneFileIsUpgradedInPlaceKeepingItsData() throws {
        let directory = try TemporaryDirectory()
        try versionOneFile(directory)

        let store = try openStore(directory)
        let record = try #require(try store.read { try $0.application(id: "V1-APP") })
        #expect(record.state == .inProgress)
        #expect(record.acceptedAt == Date(unixMilliseconds: 1_800_000_000_000))
        #expect(record.deadline == Date(unixMilliseconds: 1_801_296_000_000))
        #expect(record.nextTimerAt == Date(unixMilliseconds: 1_800_000_600_000))
        #expect(record.lastEventMatter == "M10")
        #expect(record.document[path: "applicationId"]?.stringValue == "V1-APP")
        #expect(record.matters.map(\.code) == ["M10"])
        #expect(record.matters.first?.requestID == "V1-APP:M10:r1")
        // The new columns read as "not notified, clock running".
        #expect(record.overdueNotified == false)
        #expect(record.supplementSince == nil)

        let connection = try Connection(path: directory.path(), readOnly: true, busyTimeout: .seconds(1))
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Schema.currentVersion))
        let columns = try connection.query("SELECT name FROM pragma_table_info('applications')", []) {
            row throws(StoreError) in try row.string(0)
        }
        #expect(columns.contains("overdue_notified"))
        #expect(columns.contains("supplement_since"))
        #expect(columns.contains("kafka_partition"))
        // Stored before partitions were tracked: it stays with the instance holding the file.
        #expect(try store.read { try $0.applicationPartition(id: "V1-APP") } == .stored(nil))
        let indexes = try connection.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'applications'", []) {
            row throws(StoreError) in try row.string(0)
        }
        #expect(indexes.contains("applications_open_by_deadline"))
        // Version 3: owner epochs, and an identity of the store for its state records.
        #expect(record.ownerEpoch == 0)
        #expect(try connection.scalarInt("SELECT count(*) FROM changelog_offsets") == 0)
        #expect(try connection.scalarInt("SELECT length(writer) FROM store_identity") == 32)

        // The upgraded file takes the new fields like a fresh one.
        var changed = record
        changed.overdueNotified = true
        changed.supplementSince = Date(unixMilliseconds: 1_800_000_700_000)
        try store.write { writer throws in try writer.save(changed, previous: record) }
        #expect(try store.read { try $0.application(id: "V1-APP") } == changed)
    }

    @Test func reopeningAnUpgradedFileDoesNotMigrateAgain() throws {
        let directory = try TemporaryDirectory()
        try versionOneFile(directory)
        do { _ = try openStore(directory) }
        let store = try openStore(directory)
        #expect(try store.read { try $0.application(id: "V1-APP") }?.matters.count == 1)
        let connection = try Connection(path: directory.path(), readOnly: true, busyTimeout: .seconds(1))
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(CorrelationStore.schemaVersion))
    }

    @Test func readOnlyOpeningOfAVersionOneFileAsksForTheDaemonFirst() throws {
        let directory = try TemporaryDirectory()
        try versionOneFile(directory)
        #expect(storeError { _ = try CorrelationStore(path: directory.path(), readOnly: true) }
                == .olderSchema(found: 1, supported: CorrelationStore.schemaVersion))
    }
}
