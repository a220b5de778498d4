import Foundation

/// The durable correlation store: one SQLite file (WAL mode) holding every application
/// with its matters, history, the outbox of messages to publish, processed event ids,
/// dead letters and administrators' orders.
///
/// Threading model: one connection per store, and every use of it is serialized by a
/// lock held for the length of one `read` or `write` closure. Callers on Swift
/// concurrency threads block at most for one such closure (transactions are short:
/// one batch of messages) or, when another *process* holds the write lock, up to the
/// busy timeout. Several processes share the file safely: hubd writes while hubctl
/// reads (WAL readers never wait for the writer) and records orders (a short write that
/// waits for the lock up to the busy timeout, then fails with `.busy`).
///
/// It is `@unchecked Sendable` because the lock, not the type system, guards the
/// connection: no connection state is reachable except under it.
public final class CorrelationStore: @unchecked Sendable {
    public let path: String
    public let isReadOnly: Bool
    /// This store file's random id (made when the file got schema version 3): written into
    /// the state records it produces, so a restore knows which pending messages are its own.
    public let writerID: String
    private let connection: Connection
    /// Recursive only so that a nested `read`/`write` on the same thread is reported as
    /// `.nestedTransaction` instead of deadlocking.
    private let lock = NSRecursiveLock()
    private var inTransaction = false
    /// Write transactions committed since the store was opened (see `writeStatistics`).
    private var committedWrites = 0
    private let cache: RecordCache
    /// Checkpoints the WAL off the writer's thread (writable stores only).
    private let checkpointer: WALCheckpointer?
    /// How `write` waits out another process's lock; nil: it fails with `.busy` once the
    /// busy timeout passed (hubctl: an operator is there to try again).
    private let busyPolicy: StoreBusyPolicy?

    /// Opens (creating when writable and missing) and migrates the store.
    /// - `readOnly`: for inspection (hubctl); never creates nor migrates the file.
    /// - `busyTimeout`: how long to wait for another process's write lock before `.busy`.
    /// - `recordCacheCapacity`: applications kept decoded in memory (up to twice this
    ///   many; 0 disables the cache). About 3 KB each for a ten-matter application.
    /// - `recordCacheBytes`: and at most about this many bytes of them (see
    ///   `RecordCache`, `RecordFootprint`), whatever their size.
    /// - `busyPolicy`: how writes wait out another process's lock (see `StoreBusyPolicy`);
    ///   the opening itself (schema check, migration) is retried under it too.
    public convenience init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(5),
                            recordCacheCapacity: Int = 5_000, recordCacheBytes: Int = CorrelationStore.defaultRecordCacheBytes,
                            busyPolicy: StoreBusyPolicy? = nil) throws(StoreError) {
        try self.init(path: path, readOnly: readOnly, busyTimeout: busyTimeout,
                      recordCacheCapacity: recordCacheCapacity, recordCacheBytes: recordCacheBytes,
                      walRestartFrames: 16_384, busyPolicy: busyPolicy)
    }

    /// The record cache's default byte budget: 64 MiB, room for twice the default 5,000
    /// records of ordinary size, so ordinary records are bounded by their count and only
    /// unusually large ones by their bytes.
    public static let defaultRecordCacheBytes = 64 << 20

    /// `walRestartFrames`: see `WALCheckpointer` (tests lower it to see the fallback).
    init(path: String, readOnly: Bool, busyTimeout: Duration, recordCacheCapacity: Int,
         recordCacheBytes: Int = CorrelationStore.defaultRecordCacheBytes,
         walRestartFrames: Int64, busyPolicy: StoreBusyPolicy? = nil) throws(StoreError) {
        self.path = path
        self.isReadOnly = readOnly
        self.busyPolicy = busyPolicy
        let open = { () throws(StoreError) -> Connection in
            let connection = try Connection(path: path, readOnly: readOnly, busyTimeout: busyTimeout)
            try Schema.migrate(connection)
            return connection
        }
        if let busyPolicy {
            do {
                self.connection = try busyPolicy.run { try open() }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.sqlite(code: -1, message: "\(error)")
            }
        } else {
            self.connection = try open()
        }
        self.cache = RecordCache(capacity: max(0, recordCacheCapacity), byteBudget: max(0, recordCacheBytes) / 2)
        writerID = try connection.queryFirst("SELECT writer FROM store_identity", []) { row throws(StoreError) in
            try row.string(0)
        } ?? ""
        if readOnly {
            checkpointer = nil
        } else {
            checkpointer = try WALCheckpointer(path: path, restartFrames: walRestartFrames)
            try connection.execute("PRAGMA wal_autocheckpoint=0")
            // Once the WAL restarts, the file is cut back to 64 MiB (a burst's growth is
            // given back to the disk instead of being kept for ever).
            try connection.execute("PRAGMA journal_size_limit=67108864")
        }
    }

    /// Closing is synchronous: a checkpoint under way (one follows every commit) finishes
    /// first, so once the store is gone none of its connections still holds the file,
    /// and another process (hubctl, the sqlite3 shell) can take the write lock at once.
    deinit {
        checkpointer?.drain()
    }

    /// The newest schema version this code knows (`PRAGMA user_version` of a fresh store).
    public static var schemaVersion: Int { Schema.currentVersion }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`): it commits when `body`
    /// returns and rolls back when it throws (the error is rethrown). Store failures are
    /// `StoreError`; anything `body` throws comes back unchanged.
    ///
    /// With a `busyPolicy`, a transaction that found the store locked by another process
    /// is rolled back and run again (`body` included) until it gets the lock or the
    /// policy gives up; the lock is released between attempts, so reads go on.
    public func write<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        try write(enforcingForeignKeys: true, body)
    }

    /// `write` with foreign keys not enforced (see `Connection.withoutForeignKeys`): for a
    /// restore's transactions, which insert every application before its rows and delete
    /// an application's rows themselves.
    func writeWithoutForeignKeys<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        try write(enforcingForeignKeys: false, body)
    }

    private func write<T>(enforcingForeignKeys: Bool, _ body: (StoreWriter) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(message: "the store \(path) was opened read-only") }
        guard let busyPolicy else { return try writeOnce(enforcingForeignKeys: enforcingForeignKeys, body) }
        return try busyPolicy.run { try writeOnce(enforcingForeignKeys: enforcingForeignKeys, body) }
    }

    private func writeOnce<T>(enforcingForeignKeys: Bool, _ body: (StoreWriter) throws -> T) throws -> T {
        let result: T = try exclusively {
            if enforcingForeignKeys { return try transaction(body) }
            return try connection.withoutForeignKeys { try transaction(body) }
        }
        checkpointer?.nudge()
        return result
    }

    /// One write transaction, under the lock (see `writeOnce`).
    private func transaction<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        do {
            let result = try connection.transaction(immediate: true) {
                try validateCache()
                let writer = StoreWriter(connection: connection, cache: cache, isWriting: true)
                defer { writer.invalidate() }
                return try body(writer)
            }
            cache.commit()
            committedWrites += 1
            return result
        } catch {
            cache.rollback()
            throw error
        }
    }

    /// Runs `body` in one read transaction: all its queries see the same snapshot, and
    /// it never blocks nor is blocked by a writer in another process.
    public func read<T>(_ body: (StoreReader) throws -> T) throws -> T {
        try exclusively {
            try connection.transaction(immediate: false) {
                try validateCache()
                let reader = StoreReader(connection: connection, cache: cache, isWriting: false)
                defer { reader.invalidate() }
                return try body(reader)
            }
        }
    }

    // MARK: Conveniences (one transaction each)

    /// Messages not yet published, in id order.
    public func unsentOutbox(limit: Int) throws(StoreError) -> [OutboxMessage] {
        try storeErrors { try read { reader in try reader.unsentOutbox(limit: limit) } }
    }

    /// Removes published messages, in one short write transaction.
    public func markPublished(ids: [Int64]) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try storeErrors { try write { writer in try writer.markPublished(ids: ids) } }
    }

    /// What this store's write transactions have cost so far: a figure that does not
    /// depend on how busy the machine is, for comparing builds (the benchmark prints it
    /// per application). `package`: for the benchmark, not part of the store's API.
    package func writeStatistics() -> StoreWriteStatistics {
        lock.lock()
        defer { lock.unlock() }
        return StoreWriteStatistics(transactions: committedWrites, pagesWritten: connection.pagesWritten)
    }

    /// Copies the WAL back into the database file and truncates it (for a clean
    /// shutdown or before copying the file). SQLite also checkpoints on its own; this is
    /// never needed for correctness. A no-op on a read-only store.
    public func checkpoint() throws(StoreError) {
        guard !isReadOnly else { return }
        checkpointer?.drain()
        try storeErrors {
            try exclusively { try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// What the record cache holds now: records and estimated bytes (tests, metrics).
    public func recordCacheUsage() -> (records: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (cache.count, cache.bytes)
    }

    /// Waits for a background checkpoint already asked for (tests).
    func drainCheckpoints() {
        checkpointer?.drain()
    }

    // MARK: Private

    private func validateCache() throws(StoreError) {
        guard cache.isEnabled else { return }
        cache.validate(dataVersion: try connection.scalarInt(.dataVersion))
    }

    private func exclusively<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard !inTransaction else { throw StoreError.nestedTransaction }
        inTransaction = true
        defer { inTransaction = false }
        return try body()
    }

}
