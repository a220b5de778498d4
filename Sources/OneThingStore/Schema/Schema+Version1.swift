extension Schema {
    /// The first schema. Instants are Unix milliseconds (INTEGER); JSON columns are TEXT
    /// holding compact JSON; booleans are 0/1. Every hot query has an index:
    /// - applications by id (PK), by next_timer_at (timers due; partial: only armed
    ///   timers), by updated_at + id (admin list, newest first, ties broken by id so the
    ///   order is total and the index serves it) and by state (counts, state filter);
    /// - matters by (application_id, code) (PK: load an application's matters) and by
    ///   deadline among open matters (overdue list; partial);
    /// - history by application_id; processed_events by event_id (PK) and at (pruning);
    ///   outbox by id (rows are deleted once published, so every row is pending);
    ///   orders pending (partial) and by application.
    /// Indexes cost a B-tree update at every save that changes their columns, so there is
    /// none that no query needs: the state index holds only the state (it changes rarely,
    /// updated_at at every save), and matters have no department index (the department
    /// filter checks an application's own matters through the primary key).
    static let version1 = Migration(version: 1, summary: "initial schema", sql: """
        CREATE TABLE applications (
            id                 TEXT PRIMARY KEY NOT NULL,
            flow               TEXT NOT NULL,
            state              TEXT NOT NULL,
            document           TEXT NOT NULL,
            content_digest     TEXT NOT NULL,
            submitted_event_id TEXT NOT NULL,
            accepted_at        INTEGER,
            deadline           INTEGER,
            outcome            TEXT,
            errors             TEXT NOT NULL,
            not_applicable     TEXT NOT NULL,
            last_event         TEXT NOT NULL,
            last_event_matter  TEXT,
            updated_at         INTEGER NOT NULL,
            next_timer_at      INTEGER
        );
        CREATE INDEX applications_by_state ON applications(state);
        CREATE INDEX applications_by_updated ON applications(updated_at, id);
        CREATE INDEX applications_by_timer ON applications(next_timer_at) WHERE next_timer_at IS NOT NULL;

        CREATE TABLE matters (
            application_id    TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            code              TEXT NOT NULL,
            position          INTEGER NOT NULL,
            department        TEXT NOT NULL,
            state             TEXT NOT NULL,
            is_final          INTEGER NOT NULL,
            revision          INTEGER NOT NULL,
            request_id        TEXT,
            sent_at           INTEGER,
            last_sent_at      INTEGER,
            received_at       INTEGER,
            final_at          INTEGER,
            deadline          INTEGER,
            supplement_since  INTEGER,
            paused_seconds    REAL NOT NULL,
            resends           INTEGER NOT NULL,
            stalled           INTEGER NOT NULL,
            due_soon_notified INTEGER NOT NULL,
            overdue_notified  INTEGER NOT NULL,
            outputs           TEXT NOT NULL,
            reason            TEXT,
            PRIMARY KEY (application_id, code)
        ) WITHOUT ROWID;
        CREATE INDEX matters_open_by_deadline ON matters(deadline) WHERE is_final = 0 AND deadline IS NOT NULL;

        CREATE TABLE history (
            id             INTEGER PRIMARY KEY,
            application_id TEXT NOT NULL,
            at             INTEGER NOT NULL,
            kind           TEXT NOT NULL,
            matter         TEXT,
            event_id       TEXT,
            detail         TEXT NOT NULL
        );
        CREATE INDEX history_by_application ON history(application_id, id);

        CREATE TABLE processed_events (
            event_id TEXT PRIMARY KEY NOT NULL,
            at       INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX processed_events_by_at ON processed_events(at);

        -- AUTOINCREMENT: ids keep increasing even after every row was published and deleted.
        CREATE TABLE outbox (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            topic        TEXT NOT NULL,
            key          BLOB,
            value        BLOB NOT NULL,
            headers      BLOB NOT NULL,
            created_at   INTEGER NOT NULL
        );

        CREATE TABLE deadletters (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            at          INTEGER NOT NULL,
            code        TEXT NOT NULL,
            reason      TEXT NOT NULL,
            topic       TEXT NOT NULL,
            partition   INTEGER NOT NULL,
            "offset"    INTEGER NOT NULL,
            key         BLOB,
            value       BLOB,
            headers     BLOB NOT NULL
        );

        CREATE TABLE orders (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            kind           TEXT NOT NULL,
            matter         TEXT,
            reason         TEXT,
            requested_by   TEXT NOT NULL,
            requested_at   INTEGER NOT NULL,
            done_at        INTEGER,
            result         TEXT
        );
        CREATE INDEX orders_pending ON orders(id) WHERE done_at IS NULL;
        CREATE INDEX orders_by_application ON orders(application_id, id);
        """)
}
