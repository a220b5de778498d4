extension Schema {
    /// Outgoing messages Kafka refused for good (or that exceed what it accepts before
    /// they are sent): taken out of the outbox so they stop blocking it, and kept whole
    /// here so `hubctl resend` can put one back once the cause is fixed.
    /// - `outbox_id`: the row's id in the outbox (0 when it never entered it);
    /// - `application_id`, `matter`: the application (the message key) and the matter
    ///   (`ce_matter`), what `hubctl resend APPLICATION MATTER` selects by;
    /// - `error_code`: librdkafka's code (-1 when the hub refused it itself), `error`
    ///   its text;
    /// - `requeued_at`: set when a resend put it back into the outbox (NULL: set aside).
    /// The partial index serves the resend lookup among rows still set aside.
    static let version4 = Migration(version: 4, summary: "undeliverable outgoing messages", sql: """
        CREATE TABLE undeliverable (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            outbox_id      INTEGER NOT NULL,
            application_id TEXT,
            matter         TEXT,
            topic          TEXT NOT NULL,
            key            BLOB,
            value          BLOB NOT NULL,
            headers        BLOB NOT NULL,
            created_at     INTEGER NOT NULL,
            failed_at      INTEGER NOT NULL,
            error_code     INTEGER NOT NULL,
            error          TEXT NOT NULL,
            requeued_at    INTEGER
        );
        CREATE INDEX undeliverable_set_aside ON undeliverable(application_id, matter) WHERE requeued_at IS NULL;
        """)
}
