extension Schema {
    /// The application's own deadline gets the two things a matter's deadline has:
    /// - `overdue_notified` (0/1): the hub announced that the application passed its
    ///   overall deadline; it announces that once, so the flag must survive restarts;
    /// - `supplement_since` (Unix ms, NULL when running): set while the application is
    ///   `awaiting-supplement`; its overall clock is paused since then, and when the pause
    ///   ends the hub moves `deadline` out by its length (like a matter's deadline).
    /// Existing rows read as "not notified, not paused", which is what they were: version 1
    /// had no application-level timer. The partial index serves hubctl's list of open
    /// applications past their deadline (only open, accepted ones are indexed).
    static let version2 = Migration(version: 2, summary: "application deadline: overdue flag and supplement pause", sql: """
        ALTER TABLE applications ADD COLUMN overdue_notified INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE applications ADD COLUMN supplement_since INTEGER;
        CREATE INDEX applications_open_by_deadline ON applications(deadline)
            WHERE outcome IS NULL AND deadline IS NOT NULL;
        """)
}
