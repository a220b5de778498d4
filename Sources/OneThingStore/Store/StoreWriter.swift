import Foundation
import OneThingExchange

/// Write access inside one `CorrelationStore.write` closure (one `BEGIN IMMEDIATE`
/// transaction): everything done through it commits together or not at all. It reads
/// too, seeing its own uncommitted changes.
public final class StoreWriter: StoreReader {

    // MARK: Applications

    /// Saves the whole application with its matters (insert or replace): matters no
    /// longer listed are deleted, their order is kept.
    public func save(_ record: ApplicationRecord) throws(StoreError) {
        try ApplicationRows.save(record, previous: nil, in: database)
        cache.stage(record)
    }

    /// Saves `record`, writing only what differs from `previous`, the version that is
    /// stored now (as loaded by `application(id:)` in this transaction or saved last):
    /// unchanged matters are not rewritten, and an unchanged document is not serialized
    /// again. This is the hot path of the hub. With `previous` nil it is `save(_:)`.
    public func save(_ record: ApplicationRecord, previous: ApplicationRecord?) throws(StoreError) {
        try ApplicationRows.save(record, previous: previous, in: database)
        cache.stage(record)
    }

    /// Records which partition owns a newly stored application (kept once set: an
    /// application never moves between partitions).
    public func assignPartition(_ partition: Int32, toApplication id: String) throws(StoreError) {
        try database.run("UPDATE applications SET kafka_partition = ?2 WHERE id = ?1 AND kafka_partition IS NULL",
                         [.text(id), .int(Int(partition))])
    }

    // MARK: Events and history

    /// Records that the event with this `ce_id` was processed. Returns true the first
    /// time, false when it was already recorded (a duplicate delivery). `applicationID`
    /// names the application the event belongs to, so its state record carries the key;
    /// a key restored from the state topic is found only through it (restored keys are
    /// kept per application, see `Schema.version10`).
    @discardableResult
    public func markProcessed(eventID: String, at: Date, applicationID: String? = nil) throws(StoreError) -> Bool {
        let database = try database
        if let applicationID,
           try database.queryFirst(.restoredEventHit, [.text(applicationID), .text(eventID)], { _ in true }) == true {
            return false
        }
        try database.run(.insertProcessed, [.text(eventID), .date(at), .text(applicationID)])
        return database.changes == 1
    }

    /// Forgets processed event ids recorded before `before` (keep e.g. 30 days: longer
    /// than any redelivery window). Returns how many were removed. An application's
    /// restored keys go together, once the newest of them is that old (an older one may
    /// be kept longer, never shorter).
    @discardableResult
    public func pruneProcessedEvents(before: Date) throws(StoreError) -> Int {
        let database = try database
        try database.run("DELETE FROM processed_events WHERE at < ?1", [.date(before)])
        var removed = database.changes
        removed += Int(try database.queryFirst("""
            SELECT coalesce(sum(json_array_length(events)), 0) FROM restored_events WHERE newest_at < ?1
            """, [.date(before)]) { row throws(StoreError) in try row.int64(0) } ?? 0)
        try database.run("DELETE FROM restored_events WHERE newest_at < ?1", [.date(before)])
        return removed
    }

    public func appendHistory(_ entry: HistoryEntry) throws(StoreError) {
        try database.run(.appendHistory, [.text(entry.applicationID), .date(entry.at), .text(entry.kind),
                                          .text(entry.matter), .text(entry.eventID), .text(entry.detail)])
    }

    /// Records in the history that an operator had personal data of the application shown
    /// (`hubctl show --reveal`): who (the named operator and the account that ran it) and why.
    @discardableResult
    public func recordReveal(applicationID: String, operatorName: String, account: String, reason: String,
                             at: Date) throws(StoreError) -> HistoryEntry {
        let entry = HistoryEntry(applicationID: applicationID, at: at, kind: "reveal",
                                 detail: "Personal data was shown unmasked to operator \(operatorName) "
                                     + "(account \(account)). Reason: \(reason)")
        try appendHistory(entry)
        return entry
    }

    // MARK: Outbox

    /// Queues a Kafka message for publication, in this transaction: it becomes visible to
    /// the publisher exactly when the state change it announces commits. `applicationID`
    /// names the application whose state record must carry the message while it is
    /// unpublished; `partition` pins the message to a partition (nil: by key).
    @discardableResult
    public func enqueue(topic: String, key: [UInt8]?, value: [UInt8], headers: [StoredHeader],
                        at: Date = Date(), applicationID: String? = nil, partition: Int32? = nil) throws(StoreError) -> Int64 {
        let database = try database
        try database.run(.enqueue, [.text(topic), .blob(key), .blob(value), .blob(HeaderCodec.encode(headers)), .date(at),
                                   .text(applicationID), partition.map { .integer(Int64($0)) } ?? .null])
        return database.lastInsertRowID
    }

    /// Removes published messages (the broker acknowledged them). Deleting at once
    /// instead of flagging keeps the outbox as small as the backlog, with no index to
    /// maintain and nothing to prune. Ids already removed are ignored.
    public func markPublished(ids: [Int64]) throws(StoreError) {
        let database = try database
        // Deliveries come back mostly in id order: one range delete per contiguous run.
        for run in Self.contiguousRuns(ids) {
            try database.run(.deletePublishedRange, [.integer(run.lowerBound), .integer(run.upperBound)])
        }
    }

    /// `[5, 1, 2, 3, 7, 2]` -> `[1...3, 5...5, 7...7]`.
    static func contiguousRuns(_ ids: [Int64]) -> [ClosedRange<Int64>] {
        var runs: [ClosedRange<Int64>] = []
        for id in Set(ids).sorted() {
            if let last = runs.last, last.upperBound &+ 1 == id {
                runs[runs.count - 1] = last.lowerBound...id
            } else {
                runs.append(id...id)
            }
        }
        return runs
    }

    // MARK: Dead letters

    /// Keeps a message the hub could not use. `record.id` is ignored; the new id is returned.
    @discardableResult
    public func recordDeadLetter(_ record: DeadLetterRecord) throws(StoreError) -> Int64 {
        let database = try database
        try database.run("""
            INSERT INTO deadletters (at, code, reason, topic, partition, "offset", key, value, headers)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """, [.date(record.at), .text(record.code), .text(record.reason), .text(record.topic),
                  .integer(Int64(record.partition)), .integer(record.offset), .blob(record.key),
                  .blob(record.value), .blob(HeaderCodec.encode(record.headers))])
        return database.lastInsertRowID
    }

    // MARK: Orders

    /// Records an administrator's order for hubd (hubctl `resend` / `withdraw`).
    /// Throws `.notFound` when no such application is stored.
    @discardableResult
    public func recordOrder(applicationID: String, kind: AdminOrder.Kind, requestedBy: String,
                            at: Date) throws(StoreError) -> Int64 {
        let database = try database
        guard try database.queryFirst("SELECT 1 FROM applications WHERE id = ?1", [.text(applicationID)], { _ in true }) != nil else {
            throw StoreError.notFound("application \(applicationID)")
        }
        let columns = OrderRows.values(kind)
        try database.run("""
            INSERT INTO orders (application_id, kind, matter, reason, requested_by, requested_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """, [.text(applicationID), .text(columns.kind), columns.matter, columns.reason,
                  .text(requestedBy), .date(at)])
        return database.lastInsertRowID
    }

    /// Closes a pending order with a one-sentence result. Throws `.notFound` when no
    /// pending order has this id.
    public func completeOrder(id: Int64, result: String, at: Date) throws(StoreError) {
        let database = try database
        try database.run("UPDATE orders SET done_at = ?2, result = ?3 WHERE id = ?1 AND done_at IS NULL",
                         [.integer(id), .date(at), .text(result)])
        guard database.changes == 1 else { throw StoreError.notFound("pending order \(id)") }
    }
}
