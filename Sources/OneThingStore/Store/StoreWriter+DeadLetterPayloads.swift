import Foundation

/// Dropping dead letters' raw values after the retention period: a dead letter stays
/// (when, where from, code, reason, headers), its payload goes, and its digest and size
/// say which payload it was. The digest is computed by the caller (the store has no hash).
extension StoreWriter {
    /// Dead letters recorded before `before` that still hold a value, oldest first: their
    /// ids and values.
    public func deadLetterPayloads(recordedBefore before: Date, limit: Int) throws(StoreError) -> [(id: Int64, value: [UInt8])] {
        try database.query("""
            SELECT id, value FROM deadletters WHERE value IS NOT NULL AND at < ?1 ORDER BY at LIMIT ?2
            """, [.date(before), .int(limit)]) { row throws(StoreError) in (try row.int64(0), try row.blob(1)) }
    }

    /// Drops the dead letter's value, keeping `sha256` (hex) and the size of what it was.
    public func dropDeadLetterPayload(id: Int64, sha256: String, bytes: Int, at: Date) throws(StoreError) {
        try database.run("""
            UPDATE deadletters SET value = NULL, value_sha256 = ?2, value_bytes = ?3, value_dropped_at = ?4
            WHERE id = ?1 AND value IS NOT NULL
            """, [.integer(id), .text(sha256), .int(bytes), .date(at)])
    }
}
