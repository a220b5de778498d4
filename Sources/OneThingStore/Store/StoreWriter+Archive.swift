import Foundation
import OneThingExchange

/// The writes behind archiving: a batch is recorded before its archive file is written
/// (`beginArchiveBatch`), and its applications are removed, with tombstones queued, in
/// the transaction that closes it (`removeArchived`, `endArchiveBatch`).
extension StoreWriter {
    /// Records the batch about to be appended to `file` (whose size is `startOffset`
    /// now). At most one batch is open: a crash leaves it here for `pendingArchiveBatch`.
    @discardableResult
    public func beginArchiveBatch(file: String, startOffset: Int64, applicationIDs: [String],
                                  at: Date) throws(StoreError) -> ArchiveBatch {
        let database = try database
        let ids = JSONValue.array(applicationIDs.map { .string($0) }).serialized()
        try database.run("""
            INSERT INTO archive_batches (file, start_offset, application_ids, created_at) VALUES (?1, ?2, ?3, ?4)
            """, [.text(file), .integer(startOffset), .text(String(decoding: ids, as: UTF8.self)), .date(at)])
        return ArchiveBatch(id: database.lastInsertRowID, file: file, startOffset: startOffset,
                            applicationIDs: applicationIDs)
    }

    /// Closes the batch (its file holds it for good, or it was cut off again).
    public func endArchiveBatch(id: Int64) throws(StoreError) {
        try database.run("DELETE FROM archive_batches WHERE id = ?1", [.integer(id)])
    }

    /// Removes the archived application and every row of it (matters, history, orders,
    /// de-duplication keys; its timers are columns of its row; its evaluations,
    /// rectifications, cards and notices go with it by `ON DELETE CASCADE`), provided it
    /// is still exactly as archived: not changed since, no new history, no order pending,
    /// no rectification or card open and nothing of it in the outbox. Returns false (and removes nothing) otherwise: the
    /// archive's copy is then superseded by a later one (readers take the last line).
    public func removeArchived(_ archived: ArchivedApplication) throws(StoreError) -> Bool {
        let database = try database
        let id = archived.id
        let current: (updatedAt: Date, history: Int64)? = try database.queryFirst("""
            SELECT updated_at, (SELECT count(*) FROM history WHERE application_id = ?1) FROM applications WHERE id = ?1
            """, [.text(id)]) { row throws(StoreError) in (try row.date(0), try row.int64(1)) }
        guard let current, current.updatedAt == archived.application.updatedAt,
              current.history == Int64(archived.history.count) else { return false }
        let busy = try database.queryFirst("""
            SELECT EXISTS (SELECT 1 FROM outbox WHERE application_id = ?1)
                OR EXISTS (SELECT 1 FROM orders WHERE application_id = ?1 AND done_at IS NULL)
                OR EXISTS (SELECT 1 FROM rectifications WHERE application_id = ?1 AND closed_at IS NULL)
                OR EXISTS (SELECT 1 FROM cards WHERE application_id = ?1 AND closed_at IS NULL)
            """, [.text(id)]) { row throws(StoreError) in try row.int64(0) != 0 } ?? false
        guard !busy else { return false }
        try deleteWithRows(id: id)
        return true
    }

    /// Removes an application a restore learned was archived by another instance (a
    /// tombstone on the state topic), with all its rows, whatever state it is in here.
    /// Returns whether it was stored.
    @discardableResult
    public func removeApplication(id: String) throws(StoreError) -> Bool {
        try database.run("DELETE FROM outbox WHERE application_id = ?1", [.text(id)])
        return try deleteWithRows(id: id)
    }

    /// The tables whose rows belong to one application (`application_id`).
    private static let applicationRowTables = [
        "history", "processed_events", "restored_events", "orders", "matters",
        "evaluations", "rectifications", "cards", "notices",
    ]

    /// Deletes the application and its rows in every table of `applicationRowTables`;
    /// returns whether it was stored. Every table explicitly, not through the foreign
    /// keys' cascade: a restore removes applications with foreign keys not enforced (see
    /// `Connection.withoutForeignKeys`).
    @discardableResult
    private func deleteWithRows(id: String) throws(StoreError) -> Bool {
        let database = try database
        for table in Self.applicationRowTables {
            try database.run("DELETE FROM \(table) WHERE application_id = ?1", [.text(id)])
        }
        try database.run("DELETE FROM applications WHERE id = ?1", [.text(id)])
        let removed = database.changes == 1
        cache.forget(id)
        return removed
    }

    /// Queues a tombstone (a message with a null value) for `topic`, keyed `key`. It
    /// belongs to no application: no state record carries it.
    @discardableResult
    public func enqueueTombstone(topic: String, key: [UInt8], headers: [StoredHeader] = [], at: Date,
                                 partition: Int32? = nil) throws(StoreError) -> Int64 {
        let database = try database
        try database.run("""
            INSERT INTO outbox (topic, key, value, headers, created_at, application_id, partition, tombstone)
            VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, 1)
            """, [.text(topic), .blob(key), .blob([]), .blob(HeaderCodec.encode(headers)), .date(at),
                  partition.map { .integer(Int64($0)) } ?? .null])
        return database.lastInsertRowID
    }
}
