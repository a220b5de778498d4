extension Schema {
    /// Restored de-duplication keys, one row per application.
    ///
    /// A restore rebuilds every application of a partition from the state topic, keys
    /// included. Written as one `processed_events` row per key, they are inserts at
    /// random places of three B-trees (the keys are senders' random `ce_id`s): every
    /// transaction of the restore then dirties most leaf pages of those indexes and
    /// writes them into the WAL again, which made a restore write many times the store's
    /// size. Here an application's restored keys are one row: `events` is the state
    /// record's list as it came (`[[key, Unix milliseconds], ...]`), `newest_at` its most
    /// recent instant (what the pruning of old keys looks at).
    ///
    /// Keys the hub records afterwards still go into `processed_events`; the store
    /// consults both (`StoreWriter.markProcessed`, `StoreReader.processedEvents`), and
    /// every key in this table belongs to its application, which the hub knows whenever
    /// it asks.
    static let version10 = Migration(version: 10, summary: "restored de-duplication keys, one row per application", sql: """
        CREATE TABLE restored_events (
            application_id TEXT PRIMARY KEY NOT NULL,
            events         TEXT NOT NULL,
            newest_at      INTEGER NOT NULL
        );
        CREATE INDEX restored_events_by_newest ON restored_events(newest_at);
        """)
}
