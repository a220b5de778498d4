extension Schema {
    /// The store as a cache of state kept in Kafka (the flow's compacted state topic):
    /// - `applications.owner_epoch`: the owner epoch of the last state record written or
    ///   restored for the application; a restored record with an older epoch (written by
    ///   an instance that had already lost the partition) is ignored;
    /// - `processed_events.application_id` and `outbox.application_id`: which application
    ///   a de-duplication key and a pending outgoing message belong to, so the state record
    ///   of an application carries them (NULL for what belongs to none: dead letters of
    ///   unkeyed input, the state records themselves). Partial indexes: rows without an
    ///   application cost no index entry;
    /// - `outbox.partition`: the explicit partition of a message that must land on one
    ///   (a state record goes to its application's partition), NULL for the partitioner;
    /// - `changelog_offsets`: per state-topic partition, the offset up to which the
    ///   store holds what the topic holds, so a restart restores only the tail;
    /// - `store_identity`: a random id of this store file, written into the state records
    ///   it produces, so a restore tells its own pending messages (still in its outbox)
    ///   from another instance's.
    static let version3 = Migration(version: 3, summary: "state kept in Kafka: owner epochs, per-application events and outbox, changelog offsets", sql: """
        ALTER TABLE applications ADD COLUMN owner_epoch INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE processed_events ADD COLUMN application_id TEXT;
        CREATE INDEX processed_events_by_application ON processed_events(application_id, at)
            WHERE application_id IS NOT NULL;
        ALTER TABLE outbox ADD COLUMN application_id TEXT;
        ALTER TABLE outbox ADD COLUMN partition INTEGER;
        CREATE INDEX outbox_by_application ON outbox(application_id) WHERE application_id IS NOT NULL;
        CREATE TABLE changelog_offsets (
            topic          TEXT NOT NULL,
            partition      INTEGER NOT NULL,
            applied_offset INTEGER NOT NULL,
            PRIMARY KEY (topic, partition)
        ) WITHOUT ROWID;
        CREATE TABLE store_identity (writer TEXT NOT NULL);
        INSERT INTO store_identity (writer) VALUES (lower(hex(randomblob(16))));
        """)
}
