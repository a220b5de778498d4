/// A statement of the hub's hot path. Each case owns its SQL (`sql`), so a key and the
/// text prepared for it cannot disagree; the connection's cache finds the prepared
/// statement by the case instead of by its text.
///
/// Why not by the text: the pipeline runs several statements per consumed message.
/// Finding a prepared statement by its text means hashing and comparing hundreds of
/// bytes each time, and an `UPDATE` of only the changed columns would first build its
/// text. A case (with, for an update, its table and column mask) hashes in a step or
/// two, and `sql` is evaluated only the first time a connection prepares the statement.
enum HotStatement: Hashable {
    case insertProcessed
    case appendHistory
    case enqueue
    case deletePublishedRange
    case upsertApplication
    case upsertMatter
    case deleteMatter
    case deleteOtherMatters
    case selectApplication
    case selectMatters
    case dataVersion
    case processedEventsOfApplication
    case outboxOfApplication
    case lowestPendingOutboxID
    case ownerEpoch
    /// A restore's statements (`StoreWriter.restore`): owner epochs of a JSON list of
    /// ids and the owner partition of a restored application.
    case ownerEpochsOfList
    case setPartition
    /// A restore's multi-row inserts of applications not stored before (with their owner
    /// partition), of their matters and of their restored keys, `count` rows each. `OR
    /// FAIL`, not the default `ABORT`: to undo a multi-row statement that aborts halfway,
    /// SQLite copies every page the statement changes into a statement journal first,
    /// and these statements change many; a conflict here fails the whole restore
    /// transaction anyway, which is rolled back.
    case insertRestoredApplications(count: Int)
    case insertRestoredMatters(count: Int)
    case insertRestoredEvents(count: Int)
    /// Restored de-duplication keys (`restored_events`, schema version 10) of an
    /// application, merged with those stored: written once per application by a
    /// restore, looked up by application and key by the hot path.
    case upsertRestoredEvents
    case restoredEventsOfApplication
    case restoredEventHit
    /// Notices of applications (`PromiseRows`), `count` rows: most applications get one
    /// or two, and a restore writes them for every application it restores.
    case insertNotices(count: Int)
    /// `UPDATE <table> SET <the columns in mask> WHERE <its key>`: one statement per table
    /// and set of changed columns (bit `i` of `columns` is `table.columns[i]`).
    case update(UpdatedTable, columns: UInt32)

    /// The statement's text, prepared once per connection.
    var sql: String {
        switch self {
        case .insertProcessed:
            "INSERT OR IGNORE INTO processed_events (event_id, at, application_id) VALUES (?1, ?2, ?3)"
        case .appendHistory:
            "INSERT INTO history (application_id, at, kind, matter, event_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        case .enqueue:
            """
            INSERT INTO outbox (topic, key, value, headers, created_at, application_id, partition)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """
        case .deletePublishedRange:
            "DELETE FROM outbox WHERE id >= ?1 AND id <= ?2"
        case .upsertApplication: ApplicationRows.upsertApplication
        case .upsertMatter: ApplicationRows.upsertMatter
        case .deleteMatter: ApplicationRows.deleteMatter
        case .deleteOtherMatters: ApplicationRows.deleteOtherMatters
        case .selectApplication: ApplicationRows.selectApplication
        case .selectMatters: ApplicationRows.selectMatters
        case .dataVersion:
            "PRAGMA data_version"
        case .processedEventsOfApplication:
            "SELECT event_id, at FROM processed_events WHERE application_id = ?1 ORDER BY at, event_id"
        case .outboxOfApplication:
            "SELECT \(OutboxRows.columns) FROM outbox WHERE application_id = ?1 ORDER BY id"
        case .lowestPendingOutboxID:
            "SELECT min(id) FROM outbox"
        case .ownerEpoch:
            "SELECT owner_epoch FROM applications WHERE id = ?1"
        case .ownerEpochsOfList:
            "SELECT id, owner_epoch FROM applications WHERE id IN (SELECT value FROM json_each(?1))"
        case .setPartition:
            "UPDATE applications SET kafka_partition = ?2 WHERE id = ?1"
        case .insertRestoredApplications(let count):
            ApplicationRows.insertRestoredApplications(count: count)
        case .insertRestoredMatters(let count):
            ApplicationRows.insertRestoredMatters(count: count)
        case .insertRestoredEvents(let count):
            "INSERT OR FAIL INTO restored_events (application_id, events, newest_at) VALUES "
                + (0..<count).map { "(?\($0 * 3 + 1), ?\($0 * 3 + 2), ?\($0 * 3 + 3))" }.joined(separator: ", ")
        case .upsertRestoredEvents:
            "INSERT INTO restored_events (application_id, events, newest_at) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT(application_id) DO UPDATE SET events = excluded.events, newest_at = excluded.newest_at"
        case .restoredEventsOfApplication:
            "SELECT events FROM restored_events WHERE application_id = ?1"
        case .restoredEventHit:
            """
            SELECT 1 FROM restored_events WHERE application_id = ?1
            AND EXISTS (SELECT 1 FROM json_each(restored_events.events) WHERE json_extract(value, '$[0]') = ?2)
            """
        case .insertNotices(let count):
            PromiseRows.insertNoticesSQL(count: count)
        case .update(let table, let mask):
            table.updateSQL(columns: mask)
        }
    }
}
