import Foundation

/// Setting aside outgoing messages Kafka refused for good, and putting them back.
extension StoreWriter {
    /// Moves outbox row `outboxID` into the undeliverable records, bytes unchanged, with
    /// the refusal. Returns the new record's id, or nil when the row is no longer in the
    /// outbox (published, or set aside already): then nothing changes.
    @discardableResult
    public func setAside(outboxID: Int64, applicationID: String?, matter: String?, errorCode: Int32,
                         error: String, at: Date) throws(StoreError) -> Int64? {
        let database = try database
        try database.run("""
            INSERT INTO undeliverable (outbox_id, application_id, matter, topic, key, value, headers,
                                       created_at, failed_at, error_code, error)
            SELECT id, ?2, ?3, topic, key, value, headers, created_at, ?4, ?5, ?6 FROM outbox WHERE id = ?1
            """, [.integer(outboxID), .text(applicationID), .text(matter), .date(at),
                  .integer(Int64(errorCode)), .text(error)])
        guard database.changes == 1 else { return nil }
        let id = database.lastInsertRowID
        try database.run("DELETE FROM outbox WHERE id = ?1", [.integer(outboxID)])
        return id
    }

    /// Keeps a message that never entered the outbox because Kafka could not take it
    /// (larger than the producer accepts). `record.id` and `record.outboxID` are ignored.
    @discardableResult
    public func recordUndeliverable(_ record: UndeliverableRecord) throws(StoreError) -> Int64 {
        let database = try database
        try database.run("""
            INSERT INTO undeliverable (outbox_id, application_id, matter, topic, key, value, headers,
                                       created_at, failed_at, error_code, error)
            VALUES (0, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """, [.text(record.applicationID), .text(record.matter), .text(record.topic), .blob(record.key),
                  .blob(record.value), .blob(HeaderCodec.encode(record.headers)), .date(record.createdAt),
                  .date(record.failedAt), .integer(Int64(record.errorCode)), .text(record.error)])
        return database.lastInsertRowID
    }

    /// Puts the set-aside messages of one application's matter back into the outbox,
    /// oldest first, with their original bytes (so a request keeps its `ce_id`), and
    /// marks them requeued. Returns the new outbox rows, in publishing order.
    public func requeueUndeliverable(applicationID: String, matter: String, at: Date) throws(StoreError) -> [OutboxMessage] {
        let database = try database
        let waiting = try database.query("""
            SELECT id, topic, key, value, headers FROM undeliverable
            WHERE application_id = ?1 AND matter = ?2 AND requeued_at IS NULL ORDER BY id
            """, [.text(applicationID), .text(matter)]) { row throws(StoreError) in
            (id: try row.int64(0), topic: try row.string(1), key: row.optionalBlob(2), value: try row.blob(3),
             headers: try row.blob(4))
        }
        var requeued: [OutboxMessage] = []
        for message in waiting {
            try database.run("""
                INSERT INTO outbox (topic, key, value, headers, created_at, application_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """, [.text(message.topic), .blob(message.key), .blob(message.value), .blob(message.headers), .date(at),
                      .text(applicationID)])
            requeued.append(OutboxMessage(id: database.lastInsertRowID, topic: message.topic, key: message.key,
                                          value: message.value, headers: try HeaderCodec.decode(message.headers)))
            try database.run("UPDATE undeliverable SET requeued_at = ?2 WHERE id = ?1", [.integer(message.id), .date(at)])
        }
        return requeued
    }
}
