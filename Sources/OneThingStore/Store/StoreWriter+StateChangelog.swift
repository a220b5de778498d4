import Foundation

/// What the pipeline needs to write an application's state record (see `StateRecord`)
/// in the transaction that changed it.
extension StoreWriter {
    /// The state record of `record` (as this transaction saves it) with its
    /// de-duplication keys and its messages still in the outbox, this transaction's
    /// included. `writer` is `CorrelationStore.writerID`; `publishedThrough` is
    /// `outboxPublishedThrough()` of this transaction (asked once for all its records).
    public func stateRecord(of record: ApplicationRecord, writer: String,
                            publishedThrough: Int64?) throws(StoreError) -> StateRecord {
        let events = try processedEvents(applicationID: record.id)
        let pending = try pendingOutbox(applicationID: record.id)
        return StateRecord(application: record, writer: writer, publishedThrough: publishedThrough,
                           processedEvents: events, pendingMessages: pending)
    }

    /// Every outbox id up to the returned one has been published (the outbox deletes rows
    /// once the broker acknowledged them): the lowest id still waiting minus one, or the
    /// last id ever given when none waits; nil for an outbox never used.
    public func outboxPublishedThrough() throws(StoreError) -> Int64? {
        let database = try database
        if let lowest = try database.queryFirst(.lowestPendingOutboxID, [], { row in row.optionalInt64(0) }),
           let lowest {
            return lowest - 1
        }
        return try database.queryFirst("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'", []) { row in row.optionalInt64(0) } ?? nil
    }

    /// Records that the store holds what the state topic's `partition` holds below
    /// `offset` (see `ChangelogRestore`).
    public func setChangelogOffset(topic: String, partition: Int32, offset: Int64) throws(StoreError) {
        try database.run("""
            INSERT INTO changelog_offsets (topic, partition, applied_offset) VALUES (?1, ?2, ?3)
            ON CONFLICT(topic, partition) DO UPDATE SET applied_offset = excluded.applied_offset
            """, [.text(topic), .integer(Int64(partition)), .integer(offset)])
    }
}

extension StoreReader {
    /// The offset of the state topic's `partition` the store has applied up to
    /// (exclusive): a restore reads from there. nil: never restored nor written.
    public func changelogOffset(topic: String, partition: Int32) throws(StoreError) -> Int64? {
        try database.queryFirst("""
            SELECT applied_offset FROM changelog_offsets WHERE topic = ?1 AND partition = ?2
            """, [.text(topic), .integer(Int64(partition))]) { row throws(StoreError) in try row.int64(0) }
    }

    /// The owner epoch stored with the application, or nil when it is not stored.
    public func ownerEpoch(applicationID: String) throws(StoreError) -> Int64? {
        try database.queryFirst(.ownerEpoch, [.text(applicationID)]) { row throws(StoreError) in try row.int64(0) }
    }

    /// Every de-duplication key recorded for the application (oldest first), restored
    /// ones included.
    public func processedEvents(applicationID: String) throws(StoreError) -> [ProcessedEvent] {
        let database = try database
        let recorded = try database.query(.processedEventsOfApplication, [.text(applicationID)]) { row throws(StoreError) in
            ProcessedEvent(key: try row.string(0), at: try row.date(1))
        }
        guard let restored = try database.queryFirst(.restoredEventsOfApplication, [.text(applicationID)], { row throws(StoreError) in
            try RestoredEventsCodec.decode(try row.textBytes(0))
        }) else { return recorded }
        return RestoredEventsCodec.merge(recorded, restored)
    }

    /// The application's messages waiting in the outbox, in id order.
    public func pendingOutbox(applicationID: String) throws(StoreError) -> [OutboxMessage] {
        try database.query(.outboxOfApplication, [.text(applicationID)], OutboxRows.decode)
    }
}
