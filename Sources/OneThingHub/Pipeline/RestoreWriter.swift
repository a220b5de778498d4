import Foundation

/// The writing half of a restore (see `StateRestorer`), with group commit: the reader
/// hands over each run of records as soon as it is parsed, and the writer, whenever it
/// starts a transaction, takes every run waiting (up to `recordsPerTransaction` records)
/// and writes them together.
///
/// Why group commit: the writer is the slower half, and a transaction's cost is mostly
/// per transaction, not per record (every transaction rewrites the index and leaf pages
/// the random application ids touch, then the checkpoint copies them back). Large
/// transactions write far fewer pages per record; but a reader that waited to fill a
/// large transaction before handing it over would leave the writer idle at the start
/// and leave it the whole last transaction after the read ended. Handed over in small
/// runs and taken together, transactions start as soon as there is anything to write
/// and grow by themselves to what accumulates while the previous one is written.
///
/// Threading:
/// - `submit` and `drain` run on the submitter's thread (the restorer's, i.e. the group
///   consumer's) and block it: `submit` while more than `queuedRecordsBound` records
///   wait (so a reader faster than the store waits too and memory stays bounded),
///   `drain` until everything submitted was written.
/// - `write` runs on the writer's own thread, one call at a time, with the runs in the
///   order submitted.
/// - Runs written, or dropped after a failure, are released on the submitter's thread
///   (at its next `submit` or `drain`), not on the writer's: freeing parsed records
///   costs a noticeable share of writing them, and the writer is the slower half.
///
/// The first failure of `write` stops the writer: runs still waiting are dropped,
/// nothing more is written, and `submit` and `drain` throw it. Drop the writer only
/// after `drain`: its thread ends once what was submitted is written.
final class RestoreWriter<Run: Sendable>: Sendable {
    /// At most this many records are written in one transaction (more only when a single
    /// run holds more).
    let recordsPerTransaction: Int
    /// `submit` waits while this many records wait to be written (a single run holding
    /// more is still accepted once nothing waits).
    let queuedRecordsBound: Int
    private let state = State()

    /// `write` writes its runs, in order, in one transaction; it runs on the writer's
    /// thread (named `name`), which starts now.
    init(recordsPerTransaction: Int, queuedRecordsBound: Int, name: String = "onething.hub.restore-writer",
         write: @escaping @Sendable ([Run]) throws -> Void) {
        self.recordsPerTransaction = max(1, recordsPerTransaction)
        self.queuedRecordsBound = max(1, queuedRecordsBound)
        let (state, cap) = (state, self.recordsPerTransaction)
        let thread = Thread { state.run(recordsPerTransaction: cap, write: write) }
        thread.name = name
        thread.start()
    }

    deinit {
        state.close()
    }

    /// Queues `run` (`records`: how many records it holds, what the cap and the bound
    /// count) after what was submitted before. Waits while the records waiting and
    /// these would pass `queuedRecordsBound`. Throws the first failure of the writer
    /// (then `run` is not queued).
    func submit(_ run: Run, records: Int) throws {
        // What the writer is done with is released here, on this thread.
        _ = try state.submit(run, records: max(0, records), bound: queuedRecordsBound)
    }

    /// Waits until every run submitted was written; throws the first failure.
    func drain() throws {
        _ = try state.drain()
    }

    /// Submitters waiting for room now (tests: a submitter is seen waiting, not guessed).
    var waitingSubmitters: Int { state.waitingSubmitters }

    /// The queue between the two threads. `@unchecked Sendable`: every stored property is
    /// read and written only under `condition`'s lock.
    private final class State: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [(run: Run, records: Int)] = []
        private var waitingRecords = 0
        /// A transaction is being written (its runs are out of `waiting`).
        private var writing = false
        /// Runs done with, to be released on the submitter's thread.
        private var written: [[Run]] = []
        private var failure: (any Error)?
        private var closed = false
        private var submittersWaiting = 0

        var waitingSubmitters: Int {
            condition.lock()
            defer { condition.unlock() }
            return submittersWaiting
        }

        /// Returns the runs done with, for the caller to release once the lock is let go.
        func submit(_ run: Run, records: Int, bound: Int) throws -> [[Run]] {
            condition.lock()
            defer { condition.unlock() }
            submittersWaiting += 1
            while failure == nil, !waiting.isEmpty, waitingRecords + records > bound { condition.wait() }
            submittersWaiting -= 1
            let released = written
            written.removeAll()
            if let failure { throw failure }
            waiting.append((run, records))
            waitingRecords += records
            condition.broadcast()
            return released
        }

        func drain() throws -> [[Run]] {
            condition.lock()
            defer { condition.unlock() }
            while failure == nil, writing || !waiting.isEmpty { condition.wait() }
            let released = written
            written.removeAll()
            if let failure { throw failure }
            return released
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }

        /// The writer's thread: until closed and nothing waits, takes the runs waiting
        /// (up to `recordsPerTransaction` records, at least one run) and writes them.
        func run(recordsPerTransaction: Int, write: ([Run]) throws -> Void) {
            condition.lock()
            defer { condition.unlock() }
            var batch: [Run] = []
            while true {
                while waiting.isEmpty, !closed { condition.wait() }
                if waiting.isEmpty { return }
                var count = 0, records = 0
                for entry in waiting {
                    if count > 0, records + entry.records > recordsPerTransaction { break }
                    records += entry.records
                    count += 1
                }
                batch = waiting[..<count].map(\.run)
                waiting.removeFirst(count)
                waitingRecords -= records
                writing = true
                condition.broadcast()
                condition.unlock()
                var error: (any Error)?
                do {
                    try write(batch)
                } catch let thrown {
                    error = thrown
                }
                condition.lock()
                writing = false
                // Still referenced by `written`: dropping `batch` here frees nothing.
                written.append(batch)
                batch = []
                if let error, failure == nil {
                    failure = error
                    written.append(waiting.map(\.run))
                    waiting.removeAll()
                    waitingRecords = 0
                }
                condition.broadcast()
            }
        }
    }
}
