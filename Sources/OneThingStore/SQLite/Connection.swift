import CSQLite
import Foundation

/// One SQLite connection. It owns its `sqlite3*` and closes it exactly once, in `deinit`
/// (with `sqlite3_close_v2`, so statements still alive are finalized first). It is not
/// thread-safe on its own: `CorrelationStore` serializes every use under its lock, which
/// is why it is opened with SQLITE_OPEN_NOMUTEX (no second, redundant mutex inside).
///
/// Durability choice: WAL journal with `synchronous=NORMAL`. In WAL mode a commit is
/// a write of its pages to the -wal file; NORMAL skips the fsync at each commit and syncs
/// only at checkpoints. A committed transaction is in the operating system's page cache
/// when `COMMIT` returns, so it survives the *process* dying at any instant (crash,
/// `kill -9`), which is the failure the hub must tolerate: the next start reads it back.
/// On a *power loss or kernel crash* the last transactions committed since the most
/// recent checkpoint may roll back (the database stays consistent, never corrupt); the
/// Kafka side then redelivers what was not committed there, and de-duplication by
/// `ce_id` absorbs the repeats. FULL would fsync every commit and cost most of the
/// throughput for that rarer case.
final class Connection {
    let handle: OpaquePointer
    let path: String
    let isReadOnly: Bool
    /// Prepared statements of the hot queries, by SQL text, reused for the life of the
    /// connection (preparing costs more than running most of them).
    private var cache: [StatementKey: Statement] = [:]
    /// The hot path's statements, by key (see `HotStatement`).
    private var hot: [HotStatement: Statement] = [:]
    /// Most SQL texts kept prepared in `cache` (the hub's fixed queries are far fewer).
    static let statementCacheLimit = 256
    /// SQL texts prepared and kept now (tests).
    var cachedStatements: Int { cache.count }

    init(path: String, readOnly: Bool, busyTimeout: Duration) throws(StoreError) {
        var database: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(database)
            let exists = FileManager.default.fileExists(atPath: path)
            if readOnly && !exists {
                throw StoreError.cannotOpen(path: path, message: "no store file there (read-only opening never creates one); start hubd with --store \(path) first")
            }
            throw StoreError.cannotOpen(path: path, message: message)
        }
        self.handle = database
        self.path = path
        self.isReadOnly = readOnly
        sqlite3_extended_result_codes(database, 1)
        let milliseconds = busyTimeout.components.seconds * 1000
            + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(database, Int32(clamping: max(0, milliseconds)))
        try configure()
    }

    deinit {
        cache.removeAll()
        hot.removeAll()
        sqlite3_close_v2(handle)
    }

    private func configure() throws(StoreError) {
        // Touch the file first so a non-database is reported as such (NOTADB -> .corrupt).
        _ = try scalarInt("PRAGMA schema_version")
        if !isReadOnly {
            let mode = try query("PRAGMA journal_mode=WAL", []) { row throws(StoreError) in try row.string(0) }
            guard mode.first?.lowercased() == "wal" else {
                throw StoreError.sqlite(code: SQLITE_ERROR, message: "could not switch \(path) to WAL mode (got \(mode.first ?? "nothing"))")
            }
        }
        try execute("PRAGMA synchronous=NORMAL")
        try execute("PRAGMA foreign_keys=ON")
        // The default page cache (2 MiB) is far smaller than the working set of a busy
        // hub (open applications, recent outbox and history pages); 64 MiB keeps it in
        // memory instead of re-reading pages through the kernel at every transaction.
        try execute("PRAGMA cache_size=-65536")
        try execute("PRAGMA temp_store=MEMORY")
        // Debian builds SQLite with secure_delete on: every deleted row is zeroed and every
        // freed page written out again, and the hub deletes each outbox row after
        // publishing it. FAST still zeroes deleted content on pages that are written
        // anyway, but writes no page only to erase it, so fewer pages go through the WAL.
        // What a freed outbox page may keep is a request the applications table holds
        // anyway.
        try execute("PRAGMA secure_delete=FAST")
        // Checkpoints are not configured here: a writable `CorrelationStore` turns the
        // automatic ones off on its connection and leaves them to `WALCheckpointer`.
    }

    /// Runs one or more statements that take no parameters (pragmas, DDL, BEGIN/COMMIT).
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw StoreError.from(code: sqlite3_extended_errcode(handle), message: message, path: path)
        }
    }

    /// The cached prepared statement for `sql`, prepared on first use. Some SQL is built
    /// (a set of partition numbers written into it), so the cache is emptied once it
    /// holds `statementCacheLimit` texts rather than grow with every set ever seen; a
    /// statement still in use stays alive through its user's reference.
    func statement(_ sql: String) throws(StoreError) -> Statement {
        let key = StatementKey(sql)
        if let cached = cache[key] { return cached }
        let statement = try Statement(database: handle, sql: sql)
        if cache.count >= Self.statementCacheLimit { cache.removeAll() }
        cache[key] = statement
        return statement
    }

    /// The cached prepared statement of this key; its SQL is built only to prepare it the
    /// first time.
    func statement(_ key: HotStatement) throws(StoreError) -> Statement {
        if let cached = hot[key] { return cached }
        let statement = try Statement(database: handle, sql: key.sql)
        hot[key] = statement
        return statement
    }

    /// Runs a statement that returns no rows, to completion.
    func run(_ sql: String, _ values: [SQLValue]) throws(StoreError) {
        try run(statement(sql), values)
    }

    /// `run` for a statement of the hot path.
    func run(_ key: HotStatement, _ values: [SQLValue]) throws(StoreError) {
        try run(statement(key), values)
    }

    /// Runs a statement of the hot path over rows kept flat (see
    /// `Statement.run(_:ranges:trailing:)`).
    func run(_ key: HotStatement, rows: SQLRowValues, ranges: [Range<Int>], trailing: Int64? = nil) throws(StoreError) {
        try statement(key).run(rows, ranges: ranges, trailing: trailing)
    }

    private func run(_ statement: Statement, _ values: [SQLValue]) throws(StoreError) {
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {}
    }

    /// Runs a query and materializes every row through `read` before returning, so no
    /// statement stays open across calls (and the same SQL may be used again inside
    /// the caller's loop over the result).
    func query<T>(_ sql: String, _ values: [SQLValue],
                  _ read: (Row) throws(StoreError) -> T) throws(StoreError) -> [T] {
        try query(statement(sql), values, read)
    }

    /// `query` for a statement of the hot path.
    func query<T>(_ key: HotStatement, _ values: [SQLValue],
                  _ read: (Row) throws(StoreError) -> T) throws(StoreError) -> [T] {
        try query(statement(key), values, read)
    }

    private func query<T>(_ statement: Statement, _ values: [SQLValue],
                          _ read: (Row) throws(StoreError) -> T) throws(StoreError) -> [T] {
        try statement.bind(values)
        defer { statement.reset() }
        var result: [T] = []
        while try statement.step() {
            result.append(try read(Row(handle: statement.handle)))
        }
        return result
    }

    /// The first row's result, or nil when there is none.
    func queryFirst<T>(_ sql: String, _ values: [SQLValue],
                       _ read: (Row) throws(StoreError) -> T) throws(StoreError) -> T? {
        try queryFirst(statement(sql), values, read)
    }

    /// `queryFirst` for a statement of the hot path.
    func queryFirst<T>(_ key: HotStatement, _ values: [SQLValue],
                       _ read: (Row) throws(StoreError) -> T) throws(StoreError) -> T? {
        try queryFirst(statement(key), values, read)
    }

    private func queryFirst<T>(_ statement: Statement, _ values: [SQLValue],
                               _ read: (Row) throws(StoreError) -> T) throws(StoreError) -> T? {
        try statement.bind(values)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return try read(Row(handle: statement.handle))
    }

    /// The integer in the first column of the first row (0 when there is no row).
    func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> Int64 {
        try queryFirst(statement(sql), values, Self.firstInteger) ?? 0
    }

    /// `scalarInt` for a statement of the hot path.
    func scalarInt(_ key: HotStatement, _ values: [SQLValue] = []) throws(StoreError) -> Int64 {
        try queryFirst(statement(key), values, Self.firstInteger) ?? 0
    }

    private static func firstInteger(_ row: Row) throws(StoreError) -> Int64 { row.optionalInt64(0) ?? 0 }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Pages this connection has written out of its cache since it was opened: in WAL
    /// mode, the frames its commits appended to the log (`SQLITE_DBSTATUS_CACHE_WRITE`).
    var pagesWritten: Int {
        var current: Int32 = 0, highwater: Int32 = 0
        sqlite3_db_status(handle, SQLITE_DBSTATUS_CACHE_WRITE, &current, &highwater, 0)
        return Int(current)
    }

    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` (its own transactions) with foreign keys not enforced, then enforces
    /// them again, whether `body` returned or threw.
    ///
    /// Why: an enforced key costs every inserted child row a lookup of its parent, and a
    /// restore inserts about a dozen child rows per application right after their
    /// parents. Not enforced, a deleted application no longer takes its rows along
    /// either: whatever deletes applications in `body` deletes their rows itself (as
    /// `StoreWriter.removeApplication` does). SQLite ignores the setting inside a
    /// transaction, hence outside only; changing it makes the prepared statements
    /// prepare again at their next use.
    func withoutForeignKeys<T>(_ body: () throws -> T) throws -> T {
        guard !isInTransaction else {
            throw StoreError.sqlite(code: SQLITE_MISUSE, message: "foreign keys cannot be switched off inside a transaction")
        }
        try execute("PRAGMA foreign_keys=OFF")
        let outcome = Result { try body() }
        try execute("PRAGMA foreign_keys=ON")
        return try outcome.get()
    }

    /// Whether foreign keys are enforced now (tests).
    var enforcesForeignKeys: Bool {
        (try? scalarInt("PRAGMA foreign_keys")) == 1
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    /// Writers use `BEGIN IMMEDIATE`, which takes the write lock up front (waiting up to
    /// the busy timeout), so a transaction never fails half-way for lack of the lock;
    /// readers use `BEGIN DEFERRED`, which gives a consistent WAL snapshot for all of
    /// their queries without blocking the writer.
    func transaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        let result: T
        do {
            result = try body()
        } catch {
            rollback()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollback()
            throw error
        }
        return result
    }

    private func rollback() {
        // A failed statement may already have rolled the transaction back.
        if isInTransaction { try? execute("ROLLBACK") }
    }
}

/// The statement cache's key: the SQL text, hashed by its length and its first and last
/// bytes only. The hot statements are hundreds of bytes long and run several times per
/// message; hashing all of it each time cost more than running some of them. Equality
/// still compares the whole text, so a shared prefix and suffix only shares a bucket.
struct StatementKey: Hashable {
    let sql: String

    init(_ sql: String) { self.sql = sql }

    func hash(into hasher: inout Hasher) {
        let utf8 = sql.utf8
        hasher.combine(utf8.count)
        for byte in utf8.prefix(24) { hasher.combine(byte) }
        for byte in utf8.suffix(24) { hasher.combine(byte) }
    }

    static func == (lhs: StatementKey, rhs: StatementKey) -> Bool { lhs.sql == rhs.sql }
}
