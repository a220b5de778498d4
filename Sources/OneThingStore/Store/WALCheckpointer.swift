import Foundation

/// Copies the write-ahead log back into the database file on a queue of its own, so the
/// pipeline's transactions never do it.
///
/// Why: with SQLite's automatic checkpoints, the commit that crosses the threshold copies
/// the whole WAL (megabytes) and fsyncs the database file before it returns, which the
/// pipeline feels as a stall of tens of milliseconds every few seconds (the benchmark's
/// p99 hop). Here the writer's connection has `wal_autocheckpoint=0`, and after each
/// write transaction the store nudges this checkpointer, which runs a PASSIVE checkpoint
/// on its own connection at most every `interval`. PASSIVE never waits for, nor blocks,
/// the writer or readers; the writer restarts the WAL from its beginning by itself once
/// every frame has been copied back, so the file stays small.
///
/// Threading: `connection` is used only on `queue`; `scheduled` is guarded by `lock`.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: Connection
    private let queue = DispatchQueue(label: "onething.store.checkpoint", qos: .utility)
    private let interval: Double
    private let lock = NSLock()
    private var scheduled = false

    init(path: String, interval: Duration = .milliseconds(200)) throws(StoreError) {
        connection = try Connection(path: path, readOnly: false, busyTimeout: .seconds(1))
        self.interval = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
    }

    /// Asks for a checkpoint soon; cheap and non-blocking (at most one is pending).
    func nudge() {
        lock.lock()
        let first = !scheduled
        scheduled = true
        lock.unlock()
        guard first else { return }
        // Weak: a closed store must close this connection at once, not when the
        // pending checkpoint has run (an open connection keeps other processes from
        // taking the file in exclusive locking mode).
        queue.asyncAfter(deadline: .now() + interval) { [weak self] in
            guard let self else { return }
            lock.lock()
            scheduled = false
            lock.unlock()
            // A failure (e.g. busy) is harmless: the WAL only grows until the next one.
            try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Waits until a checkpoint nudged before this call has run (tests, clean shutdown).
    func drain() {
        queue.sync {}
    }
}
