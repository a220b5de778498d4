import Foundation
import Testing
import OneThingSupport
@testable import OneThingHub

/// The restore's group commit (`RestoreWriter`): runs are written in the order
/// submitted, those waiting when a transaction starts go together up to the cap, the
/// submitter waits beyond the bound, the first failure stops everything, and the runs
/// are freed on the submitter's thread.
@Suite("The restore writer groups runs into transactions")
struct RestoreWriterTests {
    /// A run of records: its name and how many records it counts for.
    final class Run: Sendable, CustomStringConvertible {
        let name: String
        let records: Int
        /// Called from `deinit`: whether the run was freed on the writer's thread.
        let freed: (@Sendable (_ onWriterThread: Bool) -> Void)?
        let writerThread: Locked<pthread_t?>?

        init(_ name: String, records: Int, writerThread: Locked<pthread_t?>? = nil,
             freed: (@Sendable (Bool) -> Void)? = nil) {
            self.name = name
            self.records = records
            self.writerThread = writerThread
            self.freed = freed
        }

        deinit {
            let writer = writerThread?.withLock { $0 }
            freed?(writer.map { pthread_equal($0, pthread_self()) != 0 } ?? false)
        }

        var description: String { name }
    }

    struct WriteRefused: Error, Equatable {}

    /// Records every transaction's runs; the first transaction waits for `openGate`, so
    /// that runs submitted meanwhile are seen waiting together when the next one starts.
    /// The waits are long: a test's task may not run for a long while when other suites
    /// keep the cooperative threads busy, and a gate that opened by itself would let the
    /// writer take runs the test means to see waiting. Each test opens the gate on its
    /// way out whatever happens, so the writer's thread is never left waiting.
    final class Recorder: Sendable {
        private let transactions = Locked<[[String]]>([])
        private let started = DispatchSemaphore(value: 0)
        private let gate = DispatchSemaphore(value: 0)
        let writerThread = Locked<pthread_t?>(nil)
        /// A transaction holding a run of this name fails.
        let failing: String?

        init(failing: String? = nil) {
            self.failing = failing
        }

        var written: [[String]] { transactions.withLock { $0 } }

        func write(_ runs: [Run]) throws {
            writerThread.withLock { $0 = pthread_self() }
            let first = transactions.withLock { transactions in
                transactions.append(runs.map(\.name))
                return transactions.count == 1
            }
            if first {
                started.signal()
                _ = gate.wait(timeout: .now() + 600)
            }
            if let failing, runs.contains(where: { $0.name == failing }) { throw WriteRefused() }
        }

        /// Waits until the first transaction has started (its runs are out of the queue).
        func waitForFirstTransaction() {
            #expect(started.wait(timeout: .now() + 600) == .success, "the writer never started a transaction")
        }

        func openGate() {
            gate.signal()
        }
    }

    static func writer(_ recorder: Recorder, cap: Int, bound: Int) -> RestoreWriter<Run> {
        RestoreWriter<Run>(recordsPerTransaction: cap, queuedRecordsBound: bound, name: "restore-writer-test") { runs in
            try recorder.write(runs)
        }
    }

    @Test func runsWaitingGoTogetherInOrderUpToTheCap() throws {
        let recorder = Recorder()
        defer { recorder.openGate() }
        let writer = Self.writer(recorder, cap: 7, bound: 100)
        try writer.submit(Run("a", records: 3), records: 3)
        recorder.waitForFirstTransaction()
        for (name, records) in [("b", 3), ("c", 3), ("d", 3), ("finish", 0), ("e", 5), ("big", 12), ("f", 1)] {
            try writer.submit(Run(name, records: records), records: records)
        }
        recorder.openGate()
        try writer.drain()
        // b+c make 6 and d would pass 7; d, the run of no records and e would make 8;
        // a run larger than the cap goes alone.
        #expect(recorder.written == [["a"], ["b", "c"], ["d", "finish"], ["e"], ["big"], ["f"]])
    }

    @Test func aTransactionStartsWithWhateverWaitsWithoutWaitingForTheCap() throws {
        let recorder = Recorder()
        defer { recorder.openGate() }
        let writer = Self.writer(recorder, cap: 1_000, bound: 1_000)
        try writer.submit(Run("a", records: 2), records: 2)
        recorder.waitForFirstTransaction()
        recorder.openGate()
        try writer.drain()
        #expect(recorder.written == [["a"]])
        try writer.submit(Run("b", records: 2), records: 2)
        try writer.drain()
        #expect(recorder.written == [["a"], ["b"]])
    }

    @Test func theSubmitterWaitsWhileTheQueuedRecordsWouldPassTheBound() async throws {
        let recorder = Recorder()
        defer { recorder.openGate() }
        let writer = Self.writer(recorder, cap: 100, bound: 10)
        try writer.submit(Run("a", records: 4), records: 4)
        recorder.waitForFirstTransaction()
        try writer.submit(Run("b", records: 6), records: 6)
        // 6 wait; 5 more would make 11.
        let submitted = Locked<Result<Void, any Error>?>(nil)
        let submitter = Thread {
            let result = Result { try writer.submit(Run("c", records: 5), records: 5) }
            submitted.withLock { $0 = result }
        }
        submitter.start()
        #expect(try await eventually { writer.waitingSubmitters == 1 }, "the third run's submitter never waited")
        #expect(submitted.withLock { $0 == nil }, "the third run was queued past the bound")

        recorder.openGate()
        #expect(try await eventually { submitted.withLock { $0 != nil } }, "the third run was never queued")
        try submitted.withLock { $0 }?.get()
        try writer.drain()
        // c could only be queued once b was taken: it cannot have joined b's transaction.
        #expect(recorder.written == [["a"], ["b"], ["c"]])

        // A run larger than the bound is still taken once nothing waits.
        try writer.submit(Run("large", records: 50), records: 50)
        try writer.drain()
        #expect(recorder.written.last == ["large"])
    }

    @Test func theFirstFailureStopsTheWriterAndIsThrownToTheSubmitter() async throws {
        let recorder = Recorder(failing: "bad")
        defer { recorder.openGate() }
        let freed = Locked(0)
        let writer = Self.writer(recorder, cap: 1, bound: 2)
        let run: @Sendable (String, Int) -> Run = { name, records in Run(name, records: records, freed: { _ in freed.withLock { $0 += 1 } }) }
        try writer.submit(run("a", 1), records: 1)
        recorder.waitForFirstTransaction()
        try writer.submit(run("bad", 1), records: 1)
        try writer.submit(run("c", 1), records: 1)
        // Waits: 2 wait, and it would make 4 (and still 3 once `bad` is taken).
        let submitted = Locked<Result<Void, any Error>?>(nil)
        let submitter = Thread {
            let result = Result { try writer.submit(run("d", 2), records: 2) }
            submitted.withLock { $0 = result }
        }
        submitter.start()
        #expect(try await eventually { writer.waitingSubmitters == 1 })

        recorder.openGate()
        #expect(try await eventually { submitted.withLock { $0 != nil } }, "the waiting submitter was not woken by the failure")
        #expect(throws: WriteRefused.self) { try submitted.withLock { $0 }?.get() }
        #expect(throws: WriteRefused.self) { try writer.drain() }
        #expect(throws: WriteRefused.self) { try writer.submit(run("e", 1), records: 1) }
        // Nothing after the failing transaction was written, and the runs dropped are freed.
        #expect(recorder.written == [["a"], ["bad"]])
        #expect(freed.withLock { $0 } == 5)
    }

    @Test func drainReturnsOnceEverythingSubmittedIsWritten() throws {
        let recorder = Recorder()
        defer { recorder.openGate() }
        let writer = Self.writer(recorder, cap: 3, bound: 100)
        try writer.submit(Run("r0", records: 1), records: 1)
        recorder.waitForFirstTransaction()
        for index in 1..<40 { try writer.submit(Run("r\(index)", records: 1), records: 1) }
        recorder.openGate()
        try writer.drain()
        #expect(recorder.written.flatMap { $0 } == (0..<40).map { "r\($0)" })
        #expect(recorder.written.allSatisfy { $0.count <= 3 })
    }

    @Test func runsAreFreedOnTheSubmittersThreadNotTheWriters() throws {
        let recorder = Recorder()
        defer { recorder.openGate() }
        let onWriter = Locked(0)
        let freed = Locked(0)
        do {
            let writer = Self.writer(recorder, cap: 4, bound: 8)
            let run = { (name: String) in
                Run(name, records: 1, writerThread: recorder.writerThread) { onWriterThread in
                    freed.withLock { $0 += 1 }
                    if onWriterThread { onWriter.withLock { $0 += 1 } }
                }
            }
            try writer.submit(run("first"), records: 1)
            recorder.waitForFirstTransaction()
            recorder.openGate()
            for index in 0..<60 { try writer.submit(run("r\(index)"), records: 1) }
            try writer.drain()
            #expect(freed.withLock { $0 } == 61, "drain returned with runs not yet freed")
        }
        #expect(recorder.written.flatMap { $0 }.count == 61)
        #expect(onWriter.withLock { $0 } == 0, "runs were freed on the writer's thread")
    }
}
