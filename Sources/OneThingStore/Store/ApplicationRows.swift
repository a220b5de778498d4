import Foundation
import OneThingExchange

/// The SQL that saves and loads an `ApplicationRecord` with its matters. Every statement
/// is a constant string, so the connection prepares each once and reuses it.
enum ApplicationRows {
    static let applicationColumns = """
        id, flow, state, document, content_digest, submitted_event_id, accepted_at, deadline, outcome, \
        errors, not_applicable, last_event, last_event_matter, updated_at, next_timer_at, supplement_since, \
        overdue_notified, owner_epoch, submitted_source
        """

    static let upsertApplication = """
        INSERT INTO applications (\(applicationColumns))
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
        ON CONFLICT(id) DO UPDATE SET
            flow = excluded.flow, state = excluded.state, document = excluded.document,
            content_digest = excluded.content_digest, submitted_event_id = excluded.submitted_event_id,
            accepted_at = excluded.accepted_at, deadline = excluded.deadline, outcome = excluded.outcome,
            errors = excluded.errors, not_applicable = excluded.not_applicable,
            last_event = excluded.last_event, last_event_matter = excluded.last_event_matter,
            updated_at = excluded.updated_at, next_timer_at = excluded.next_timer_at,
            supplement_since = excluded.supplement_since, overdue_notified = excluded.overdue_notified,
            owner_epoch = excluded.owner_epoch, submitted_source = excluded.submitted_source
        """

    /// Values per application row (`applicationValues`).
    static let applicationColumnCount = 19

    /// `count` restored applications that are not stored yet, each with its owner
    /// partition (`applicationValues` followed by the partition): plain inserts (`OR
    /// FAIL`: see `HotStatement.insertRestoredApplications`).
    static func insertRestoredApplications(count: Int) -> String {
        let columns = applicationColumnCount + 1
        let rows = (0..<count).map { row in
            "(" + (1...columns).map { "?\(row * columns + $0)" }.joined(separator: ", ") + ")"
        }
        return "INSERT OR FAIL INTO applications (\(applicationColumns), kafka_partition) VALUES \(rows.joined(separator: ", "))"
    }

    static let selectApplication = "SELECT \(applicationColumns) FROM applications WHERE id = ?1"

    static let matterColumns = """
        application_id, code, position, department, state, is_final, revision, request_id, sent_at, \
        last_sent_at, received_at, final_at, deadline, supplement_since, paused_seconds, resends, stalled, \
        due_soon_notified, overdue_notified, outputs, reason, request_digests
        """

    static let upsertMatter = """
        INSERT INTO matters (\(matterColumns))
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
        ON CONFLICT(application_id, code) DO UPDATE SET
            position = excluded.position, department = excluded.department, state = excluded.state,
            is_final = excluded.is_final, revision = excluded.revision, request_id = excluded.request_id,
            sent_at = excluded.sent_at, last_sent_at = excluded.last_sent_at,
            received_at = excluded.received_at, final_at = excluded.final_at, deadline = excluded.deadline,
            supplement_since = excluded.supplement_since, paused_seconds = excluded.paused_seconds,
            resends = excluded.resends, stalled = excluded.stalled,
            due_soon_notified = excluded.due_soon_notified, overdue_notified = excluded.overdue_notified,
            outputs = excluded.outputs, reason = excluded.reason, request_digests = excluded.request_digests
        """


    /// Values per matter row (`matterValues`).
    static let matterColumnCount = 22

    /// The matters of restored applications that are not stored yet, `count` rows in one
    /// statement (`matterValues` each): plain inserts, as their applications' (`OR FAIL`:
    /// see `HotStatement.insertRestoredApplications`).
    static func insertRestoredMatters(count: Int) -> String {
        let rows = (0..<count).map { row in
            "(" + (1...matterColumnCount).map { "?\(row * matterColumnCount + $0)" }.joined(separator: ", ") + ")"
        }
        return "INSERT OR FAIL INTO matters (\(matterColumns)) VALUES \(rows.joined(separator: ", "))"
    }

    static let deleteMatter = "DELETE FROM matters WHERE application_id = ?1 AND code = ?2"

    /// Removes matters no longer applicable; `?2` is a JSON array of the codes to keep.
    static let deleteOtherMatters = """
        DELETE FROM matters WHERE application_id = ?1 AND code NOT IN (SELECT value FROM json_each(?2))
        """

    /// Unordered: the primary key serves the lookup, and sorting ten rows by position in
    /// Swift is cheaper than a temporary B-tree.
    static let selectMatters = "SELECT \(matterColumns) FROM matters WHERE application_id = ?1"

    // MARK: Saving

    static func save(_ record: ApplicationRecord, previous: ApplicationRecord?, in connection: Connection) throws(StoreError) {
        guard let previous, previous.id == record.id else {
            try connection.run(.upsertApplication, applicationValues(record))
            for (position, matter) in record.matters.enumerated() {
                try connection.run(.upsertMatter, matterValues(matter, of: record.id, at: position))
            }
            let codes = JSONValue.array(record.matters.map { .string($0.code) }).serialized()
            try connection.run(.deleteOtherMatters, [.text(record.id), .textBytes(codes)])
            try PromiseRows.save(record.promises, previous: nil, of: record.id, in: connection)
            return
        }
        if documentUnchanged(record, previous) {
            try updateChanged(.applications, key: [.text(record.id)], columns: [
                ("state", .text(record.state.rawValue), record.state != previous.state),
                ("accepted_at", .date(record.acceptedAt), record.acceptedAt != previous.acceptedAt),
                ("deadline", .date(record.deadline), record.deadline != previous.deadline),
                ("outcome", .text(record.outcome?.rawValue), record.outcome != previous.outcome),
                ("last_event", .text(record.lastEvent), record.lastEvent != previous.lastEvent),
                ("last_event_matter", .text(record.lastEventMatter), record.lastEventMatter != previous.lastEventMatter),
                ("updated_at", .date(record.updatedAt), record.updatedAt != previous.updatedAt),
                ("next_timer_at", .date(record.nextTimerAt), record.nextTimerAt != previous.nextTimerAt),
                ("supplement_since", .date(record.supplementSince), record.supplementSince != previous.supplementSince),
                ("overdue_notified", .bool(record.overdueNotified), record.overdueNotified != previous.overdueNotified),
                ("owner_epoch", .integer(record.ownerEpoch), record.ownerEpoch != previous.ownerEpoch),
            ], in: connection)
            guard connection.changes == 1 else {
                throw StoreError.notFound("application \(record.id) (saved with a previous version, but not stored)")
            }
        } else {
            try connection.run(.upsertApplication, applicationValues(record))
        }
        for (position, matter) in record.matters.enumerated() {
            let before = position < previous.matters.count ? previous.matters[position] : nil
            guard before != matter else { continue }
            if let before, before.code == matter.code {
                try updateChanged(.matters, key: [.text(record.id), .text(matter.code)],
                                  columns: changedMatterColumns(matter, before: before, position: position,
                                                                beforePosition: position), in: connection)
                guard connection.changes == 1 else {
                    throw StoreError.notFound("matter \(matter.code) of application \(record.id) (saved with a previous version, but not stored)")
                }
            } else {
                try connection.run(.upsertMatter, matterValues(matter, of: record.id, at: position))
            }
        }
        let kept = Set(record.matters.map(\.code))
        for gone in previous.matters where !kept.contains(gone.code) {
            try connection.run(.deleteMatter, [.text(record.id), .text(gone.code)])
        }
        try PromiseRows.save(record.promises, previous: previous.promises, of: record.id, in: connection)
    }

    /// `UPDATE table SET <only the changed columns> WHERE <key>`. Why: SQLite rewrites
    /// every index that covers a column named in SET (four on `applications`), changed or
    /// not; a typical step changes two or three columns. The statement depends only on
    /// which columns changed, so the connection prepares a few variants, found by table
    /// and mask (`HotStatement.update`). `columns` lists every column of
    /// `table.columns`, in that order; the names are there to check it. With nothing
    /// changed, the row is still touched (`changes` stays meaningful).
    private static func updateChanged(_ table: UpdatedTable, key: [SQLValue],
                                      columns: [(name: String, value: SQLValue, changed: Bool)],
                                      in connection: Connection) throws(StoreError) {
        assert(columns.map(\.name) == table.columns, "\(table.name): columns out of step with UpdatedTable.columns")
        guard columns.count <= UInt32.bitWidth else {
            throw StoreError.sqlite(code: -1, message: "\(table.name): more columns than an update mask holds")
        }
        var values: [SQLValue] = key
        values.reserveCapacity(key.count + columns.count)
        var mask: UInt32 = 0
        for (bit, column) in columns.enumerated() where column.changed {
            values.append(column.value)
            mask |= 1 << UInt32(bit)
        }
        try connection.run(.update(table, columns: mask), values)
    }

    private static func changedMatterColumns(_ matter: MatterRecord, before: MatterRecord, position: Int,
                                             beforePosition: Int) -> [(name: String, value: SQLValue, changed: Bool)] {
        [
            ("position", .int(position), position != beforePosition),
            ("department", .text(matter.department), matter.department != before.department),
            ("state", .text(matter.state.rawValue), matter.state != before.state),
            ("is_final", .bool(matter.state.isFinal), matter.state.isFinal != before.state.isFinal),
            ("revision", .int(matter.revision), matter.revision != before.revision),
            ("request_id", .text(matter.requestID), matter.requestID != before.requestID),
            ("sent_at", .date(matter.sentAt), matter.sentAt != before.sentAt),
            ("last_sent_at", .date(matter.lastSentAt), matter.lastSentAt != before.lastSentAt),
            ("received_at", .date(matter.receivedAt), matter.receivedAt != before.receivedAt),
            ("final_at", .date(matter.finalAt), matter.finalAt != before.finalAt),
            ("deadline", .date(matter.deadline), matter.deadline != before.deadline),
            ("supplement_since", .date(matter.supplementSince), matter.supplementSince != before.supplementSince),
            ("paused_seconds", .real(matter.pausedSeconds), matter.pausedSeconds != before.pausedSeconds),
            ("resends", .int(matter.resends), matter.resends != before.resends),
            ("stalled", .bool(matter.stalled), matter.stalled != before.stalled),
            ("due_soon_notified", .bool(matter.dueSoonNotified), matter.dueSoonNotified != before.dueSoonNotified),
            ("overdue_notified", .bool(matter.overdueNotified), matter.overdueNotified != before.overdueNotified),
            ("outputs", matter.outputs != before.outputs ? .textBytes(JSONColumns.encode(matter.outputs)) : .null,
             matter.outputs != before.outputs),
            ("reason", .text(matter.reason), matter.reason != before.reason),
            ("request_digests", .text(requestDigestsColumn(matter.requestDigests)),
             matter.requestDigests != before.requestDigests),
        ]
    }

    private static func documentUnchanged(_ record: ApplicationRecord, _ previous: ApplicationRecord) -> Bool {
        record.flow == previous.flow && record.contentDigest == previous.contentDigest
            && record.submittedEventID == previous.submittedEventID && record.errors == previous.errors
            && record.submittedSource == previous.submittedSource
            && record.notApplicable == previous.notApplicable && record.document == previous.document
    }

    static func applicationValues(_ record: ApplicationRecord) -> [SQLValue] {
        [
            .text(record.id), .text(record.flow), .text(record.state.rawValue),
            .textBytes(record.document.serialized()), .text(record.contentDigest),
            .text(record.submittedEventID), .date(record.acceptedAt), .date(record.deadline),
            .text(record.outcome?.rawValue), .textBytes(JSONColumns.encode(record.errors)),
            .textBytes(JSONColumns.encode(record.notApplicable)), .text(record.lastEvent),
            .text(record.lastEventMatter), .date(record.updatedAt), .date(record.nextTimerAt),
            .date(record.supplementSince), .bool(record.overdueNotified), .integer(record.ownerEpoch),
            .text(record.submittedSource),
        ]
    }

    static func matterValues(_ matter: MatterRecord, of applicationID: String, at position: Int) -> [SQLValue] {
        [
            .text(applicationID), .text(matter.code), .int(position), .text(matter.department),
            .text(matter.state.rawValue), .bool(matter.state.isFinal), .int(matter.revision),
            .text(matter.requestID), .date(matter.sentAt), .date(matter.lastSentAt), .date(matter.receivedAt),
            .date(matter.finalAt), .date(matter.deadline), .date(matter.supplementSince),
            .real(matter.pausedSeconds), .int(matter.resends), .bool(matter.stalled),
            .bool(matter.dueSoonNotified), .bool(matter.overdueNotified),
            .textBytes(JSONColumns.encode(matter.outputs)), .text(matter.reason),
            .text(requestDigestsColumn(matter.requestDigests)),
        ]
    }

    /// `request_digests`: the hex digests separated by spaces, NULL for none.
    static func requestDigestsColumn(_ digests: [String]) -> String? {
        digests.isEmpty ? nil : digests.joined(separator: " ")
    }

    static func requestDigests(_ column: String?) -> [String] {
        column.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    // MARK: Loading

    static func load(id: String, in connection: Connection) throws(StoreError) -> ApplicationRecord? {
        guard var record = try connection.queryFirst(.selectApplication, [.text(id)], decodeApplication) else {
            return nil
        }
        record.matters = try connection.query(.selectMatters, [.text(id)]) { row throws(StoreError) in
            (position: try row.int(2), matter: try decodeMatter(row))
        }
        .sorted { $0.position < $1.position }
        .map(\.matter)
        record.promises = try PromiseRows.load(of: id, in: connection)
        return record
    }

    static func decodeApplication(_ row: Row) throws(StoreError) -> ApplicationRecord {
        ApplicationRecord(
            id: try row.string(0),
            flow: try row.string(1),
            state: try decodeEnum(ApplicationState.self, try row.string(2), column: "applications.state"),
            document: try JSONColumns.parse(try row.textBytes(3), column: "document"),
            contentDigest: try row.string(4),
            submittedEventID: try row.string(5),
            acceptedAt: row.optionalDate(6),
            deadline: row.optionalDate(7),
            outcome: try row.optionalString(8).map { raw throws(StoreError) in
                try decodeEnum(Outcome.self, raw, column: "applications.outcome")
            },
            errors: try JSONColumns.decodeIssues(try row.textBytes(9)),
            notApplicable: try JSONColumns.decodeNotApplicable(try row.textBytes(10)),
            matters: [],
            lastEvent: try row.string(11),
            lastEventMatter: row.optionalString(12),
            updatedAt: try row.date(13),
            nextTimerAt: row.optionalDate(14),
            supplementSince: row.optionalDate(15),
            overdueNotified: try row.bool(16),
            ownerEpoch: try row.int64(17),
            submittedSource: try row.string(18))
    }

    /// Decodes a row of `matterColumns` (column 0 is the application id).
    static func decodeMatter(_ row: Row) throws(StoreError) -> MatterRecord {
        MatterRecord(
            code: try row.string(1),
            department: try row.string(3),
            state: try decodeEnum(MatterState.self, try row.string(4), column: "matters.state"),
            revision: try row.int(6),
            requestID: row.optionalString(7),
            sentAt: row.optionalDate(8),
            lastSentAt: row.optionalDate(9),
            receivedAt: row.optionalDate(10),
            finalAt: row.optionalDate(11),
            deadline: row.optionalDate(12),
            supplementSince: row.optionalDate(13),
            pausedSeconds: try row.double(14),
            resends: try row.int(15),
            stalled: try row.bool(16),
            dueSoonNotified: try row.bool(17),
            overdueNotified: try row.bool(18),
            outputs: try JSONColumns.decodeOutputs(try row.textBytes(19)),
            reason: row.optionalString(20),
            requestDigests: requestDigests(row.optionalString(21)))
    }
}
