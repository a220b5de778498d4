import Foundation
import Testing
import OneThingTestSupport
@testable import OneThingStore

/// Another process holding the write lock (an operator's `sqlite3` shell in `BEGIN
/// IMMEDIATE`): a store with a busy policy waits it out and reports it, one without
/// fails with `.busy`, and a policy that gives up ends the wait.
@Suite("Busy store", .serialized)
struct StoreBusyTests {
    /// A second connection on the file that takes the write lock the way a shell does.
    final class LockHolder: @unchecked Sendable {
        let connection: Connection
        init(path: String) throws {
            connection = try Connection(path: path, readOnly: false, busyTimeout: .milliseconds(10))
            try connection.execute("BEGIN IMMEDIATE")
        }
        func release() throws { try connection.execute("COMMIT") }
    }

    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var busy: [StoreBusyAttempt] = []
        private var writable: [Duration] = []
        func add(_ attempt: StoreBusyAttempt) { lock.withLock { busy.append(attempt) } }
        func add(_ waited: Duration) { lock.withLock { writable.append(waited) } }
        var busyAttempts: [StoreBusyAttempt] { lock.withLock { busy } }
        var writableAfter: [Duration] { lock.withLock { writable } }
    }

    @Test func withoutAPolicyABusyStoreFails() throws {
        let directory = try TemporaryDirectory()
        let store = try CorrelationStore(path: directory.path(), busyTimeout: .milliseconds(100))
        let holder = try LockHolder(path: directory.path())
        #expect(throws: StoreError.self) {
            try store.write { try $0.enqueue(topic: "t", key: nil, value: [1], headers: []) }
        }
        try holder.release()
    }

    @Test func aPolicyWaitsTheLockOutAndReportsIt() async throws {
        let directory = try TemporaryDirectory()
        let reports = Reports()
        let policy = StoreBusyPolicy(firstPause: .milliseconds(20), longestPause: .milliseconds(200),
                                     onBusy: { reports.add($0) }, onWritable: { reports.add($0) })
        let store = try CorrelationStore(path: directory.path(), busyTimeout: .milliseconds(50), busyPolicy: policy)
        let holder = try LockHolder(path: directory.path())
        let started = ContinuousClock.now
        let release = Task.detached {
            try await Task.sleep(for: .milliseconds(1200))
            try holder.release()
        }
        let id = try await Task.detached {
            try store.write { try $0.enqueue(topic: "t", key: nil, value: [7], headers: []) }
        }.value
        let took = ContinuousClock.now - started
        try await release.value
        #expect(took >= .milliseconds(1100))
        #expect(reports.busyAttempts.count >= 3)
        #expect(reports.busyAttempts.map(\.failures) == Array(1...reports.busyAttempts.count))
        #expect(reports.writableAfter.count == 1)
        // The write happened exactly once, although its body ran at every attempt.
        let rows = try store.unsentOutbox(limit: 10)
        #expect(rows.map(\.id) == [id])
        #expect(rows.first?.value == [7])
    }

    @Test func aPolicyThatGivesUpEndsTheWait() async throws {
        let directory = try TemporaryDirectory()
        let stop = ContinuousClock.now + .milliseconds(400)
        let policy = StoreBusyPolicy(firstPause: .milliseconds(20), longestPause: .milliseconds(100),
                                     shouldGiveUp: { ContinuousClock.now >= stop })
        let store = try CorrelationStore(path: directory.path(), busyTimeout: .milliseconds(50), busyPolicy: policy)
        let holder = try LockHolder(path: directory.path())
        let started = ContinuousClock.now
        let outcome = await Task.detached {
            Result { try store.write { try $0.enqueue(topic: "t", key: nil, value: [1], headers: []) } }
        }.value
        let took = ContinuousClock.now - started
        try holder.release()
        guard case .failure(let error) = outcome, case StoreError.busy = error else {
            Issue.record("expected .busy, got \(outcome)")
            return
        }
        #expect(took < .seconds(3), "the lock is held until after the write gave up")
        #expect(try store.unsentOutbox(limit: 10).isEmpty)
    }

    /// Opening a new store (creating its schema) while another connection holds the
    /// lock waits too, instead of failing the start-up.
    @Test func openingWaitsForTheLock() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let holder = try LockHolder(path: path)
        let reports = Reports()
        let release = Task.detached {
            try await Task.sleep(for: .milliseconds(600))
            try holder.release()
        }
        let policy = StoreBusyPolicy(firstPause: .milliseconds(20), longestPause: .milliseconds(100),
                                     onBusy: { reports.add($0) })
        let store = try await Task.detached {
            try CorrelationStore(path: path, busyTimeout: .milliseconds(50), busyPolicy: policy)
        }.value
        try await release.value
        #expect(!reports.busyAttempts.isEmpty)
        #expect(try store.unsentOutbox(limit: 1).isEmpty)
    }
}
