extension Schema {
    /// Retention: what the store needs to give up old data without losing it.
    /// - `outbox.tombstone` (0/1): the row is published with a null value (Kafka's
    ///   tombstone), so compacted topics (status, state) forget an archived application;
    /// - `archive_batches`: the one batch of applications being written to an archive file
    ///   (`file`, relative to the archive directory, and its size before the batch,
    ///   `start_offset`). Recorded before the file is written and removed in the
    ///   transaction that deletes the applications, so after a crash in between the file
    ///   is cut back to `start_offset` and nothing is archived twice or lost;
    /// - `deadletters.value_sha256`, `value_bytes`, `value_dropped_at`: once a dead letter
    ///   is older than the retention period its raw value is dropped (set NULL) and only
    ///   its hex SHA-256 and size stay, beside its code and reason. The partial index
    ///   serves the search for payloads still kept, oldest first.
    static let version7 = Migration(version: 7, summary: "retention: tombstones, archive batches, dead-letter digests", sql: """
        ALTER TABLE outbox ADD COLUMN tombstone INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE archive_batches (
            id              INTEGER PRIMARY KEY,
            file            TEXT NOT NULL,
            start_offset    INTEGER NOT NULL,
            application_ids TEXT NOT NULL,
            created_at      INTEGER NOT NULL
        );
        ALTER TABLE deadletters ADD COLUMN value_sha256 TEXT;
        ALTER TABLE deadletters ADD COLUMN value_bytes INTEGER;
        ALTER TABLE deadletters ADD COLUMN value_dropped_at INTEGER;
        CREATE INDEX deadletters_kept_payload_by_at ON deadletters(at) WHERE value IS NOT NULL;
        """)
}
