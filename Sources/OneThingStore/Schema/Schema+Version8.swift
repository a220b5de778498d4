extension Schema {
    /// The reform's promises around an application (`PromiseRecords`): evaluations (one
    /// per channel and target), rectifications and supervision cards (with partial
    /// indexes over the open ones, which `hubctl` lists by department), and the notices
    /// sent to the applicant. Rows belong to their application and go with it.
    static let version8 = Migration(version: 8, summary: "evaluations, rectifications, cards and notices", sql: """
        CREATE TABLE evaluations (
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            channel        TEXT NOT NULL,
            target         TEXT NOT NULL,
            department     TEXT NOT NULL,
            level          TEXT NOT NULL,
            score          INTEGER NOT NULL,
            comment        TEXT,
            at             INTEGER NOT NULL,
            event_id       TEXT NOT NULL,
            PRIMARY KEY (application_id, channel, target)
        ) WITHOUT ROWID;

        CREATE TABLE rectifications (
            application_id   TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            id               TEXT NOT NULL,
            department       TEXT NOT NULL,
            matter           TEXT,
            channel          TEXT NOT NULL,
            level            TEXT NOT NULL,
            comment          TEXT,
            opened_at        INTEGER NOT NULL,
            deadline         INTEGER NOT NULL,
            closed_at        INTEGER,
            note             TEXT,
            overdue_notified INTEGER NOT NULL,
            PRIMARY KEY (application_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX rectifications_open ON rectifications(department, deadline) WHERE closed_at IS NULL;

        CREATE TABLE cards (
            application_id  TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            id              TEXT NOT NULL,
            subject         TEXT NOT NULL,
            department      TEXT NOT NULL,
            level           TEXT NOT NULL,
            recipient       TEXT NOT NULL,
            opened_at       INTEGER NOT NULL,
            acknowledged_at INTEGER,
            rectified_at    INTEGER,
            note            TEXT,
            closed_at       INTEGER,
            PRIMARY KEY (application_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX cards_open ON cards(department, level) WHERE closed_at IS NULL;

        CREATE TABLE notices (
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            id             TEXT NOT NULL,
            kind           TEXT NOT NULL,
            at             INTEGER NOT NULL,
            covers         TEXT NOT NULL,
            PRIMARY KEY (application_id, id)
        ) WITHOUT ROWID;
        """)
}
