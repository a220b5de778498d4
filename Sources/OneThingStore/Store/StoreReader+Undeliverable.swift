import Foundation

/// Reading undeliverable records and the outbox by destination.
extension StoreReader {
    /// Undeliverable records, newest first (set aside and requeued alike).
    public func undeliverable(limit: Int) throws(StoreError) -> [UndeliverableRecord] {
        try database.query("""
            SELECT id, outbox_id, application_id, matter, topic, key, value, headers, created_at, failed_at,
                   error_code, error, requeued_at
            FROM undeliverable ORDER BY id DESC LIMIT ?1
            """, [.int(limit)]) { row throws(StoreError) in
            UndeliverableRecord(id: try row.int64(0), outboxID: try row.int64(1), applicationID: row.optionalString(2),
                                matter: row.optionalString(3), topic: try row.string(4), key: row.optionalBlob(5),
                                value: try row.blob(6), headers: try HeaderCodec.decode(try row.blob(7)),
                                createdAt: try row.date(8), failedAt: try row.date(9),
                                errorCode: Int32(truncatingIfNeeded: try row.int64(10)), error: try row.string(11),
                                requeuedAt: row.optionalDate(12))
        }
    }

    /// How many undeliverable messages are set aside (not requeued).
    public func undeliverableCount() throws(StoreError) -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM undeliverable WHERE requeued_at IS NULL"))
    }

    /// Messages not yet published to one topic, in id order (a destination that was held
    /// back publishes its own backlog without waiting for the others').
    public func unsentOutbox(topic: String, limit: Int) throws(StoreError) -> [OutboxMessage] {
        try database.query("""
            SELECT \(OutboxRows.columns) FROM outbox WHERE topic = ?1 ORDER BY id LIMIT ?2
            """, [.text(topic), .int(limit)], OutboxRows.decode)
    }

    /// The topics with unpublished messages.
    public func outboxTopics() throws(StoreError) -> [String] {
        try database.query("SELECT DISTINCT topic FROM outbox ORDER BY topic", []) { row throws(StoreError) in
            try row.string(0)
        }
    }

    /// How many messages of one application's matter are set aside (what a resend puts back).
    public func setAsideUndeliverableCount(applicationID: String, matter: String) throws(StoreError) -> Int {
        Int(try database.scalarInt("""
            SELECT count(*) FROM undeliverable WHERE application_id = ?1 AND matter = ?2 AND requeued_at IS NULL
            """, [.text(applicationID), .text(matter)]))
    }
}
