import Foundation
import OneThingSupport

/// Copies the write-ahead log back into the database file on a queue of its own, so the
/// pipeline's transactions never do it, and keeps the log from growing without bound.
///
/// Why a checkpointer of its own: with SQLite's automatic checkpoints, the commit that
/// crosses the threshold copies the whole WAL (megabytes) and fsyncs the database file
/// before it returns, which the pipeline feels as a stall every few seconds. Here the
/// writer's connection has `wal_autocheckpoint=0`, and after each write transaction the
/// store nudges this checkpointer, which runs a PASSIVE checkpoint on its own connection.
/// PASSIVE never waits for, nor blocks, the writer or readers.
///
/// Why right after each commit, and why the RESTART fallback: SQLite restarts the WAL
/// from its beginning only when a write transaction begins while every frame has been
/// copied back. A checkpointer on a timer does not catch up with a writer committing
/// every few milliseconds, so under sustained load the WAL only grows (every frame then
/// extends the file, and every page read searches a longer WAL index). Run right after
/// each commit, a checkpoint copies one transaction's pages and is done before the next
/// begins, so the WAL restarts and stays small. Should it still pass `restartFrames` (a
/// long reader, a burst), one RESTART checkpoint takes the write lock for as long as
/// copying the few remaining frames takes, and the next transaction starts the WAL again
/// from the top.
/// The writer's `journal_size_limit` then gives the disk space back.
///
/// Threading: `connection` is used only on `queue`; `scheduled` is behind its lock.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: Connection
    private let queue = DispatchQueue(label: "onething.store.checkpoint", qos: .utility)
    private let restartFrames: Int64
    /// Whether a checkpoint is pending on `queue`.
    private let scheduled = Locked(false)

    /// `restartFrames`: the WAL length (in frames, a page each) past which a PASSIVE
    /// checkpoint is followed by a RESTART one.
    init(path: String, restartFrames: Int64) throws(StoreError) {
        connection = try Connection(path: path, readOnly: false, busyTimeout: .seconds(1))
        self.restartFrames = restartFrames
    }

    /// Asks for a checkpoint now; cheap and non-blocking (at most one is pending, so
    /// commits that come while one runs share the next).
    func nudge() {
        let first = scheduled.withLock { scheduled in
            defer { scheduled = true }
            return !scheduled
        }
        guard first else { return }
        // Weak: a closed store must close this connection at once, not when the
        // pending checkpoint has run (an open connection keeps other processes from
        // taking the file in exclusive locking mode).
        queue.async { [weak self] in
            guard let self else { return }
            scheduled.withLock { $0 = false }
            checkpoint()
        }
    }

    /// Waits until a checkpoint nudged before this call has run (tests, clean shutdown).
    func drain() {
        queue.sync {}
    }

    /// A failure (busy, say) is harmless: the WAL only grows until the next one.
    private func checkpoint() {
        guard let frames = try? connection.queryFirst("PRAGMA wal_checkpoint(PASSIVE)", [], { row throws(StoreError) in
            row.optionalInt64(1) ?? 0
        }) else { return }
        if frames > restartFrames {
            try? connection.execute("PRAGMA wal_checkpoint(RESTART)")
        }
    }
}
