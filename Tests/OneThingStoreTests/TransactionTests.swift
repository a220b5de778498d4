import Dispatch
import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

private struct Abort: Error {}

@Suite struct TransactionTests {
    @Test func throwingBodyRollsEverythingBack() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        #expect(throws: Abort.self) {
            try store.write { writer throws in
                try writer.save(sampleRecord(id: "A1"))
                try writer.markProcessed(eventID: "e1", at: instant(0))
                try writer.enqueue(topic: "t", key: nil, value: [1], headers: [], at: instant(0))
                try writer.appendHistory(HistoryEntry(applicationID: "A1", at: instant(0), kind: "submitted", detail: "x"))
                throw Abort()
            }
        }
        try store.read { reader throws in
            #expect(try reader.application(id: "A1") == nil)
            #expect(try reader.hasProcessed(eventID: "e1") == false)
            #expect(try reader.outboxDepth() == 0)
            #expect(try reader.history(applicationID: "A1").isEmpty)
        }
        // The store is usable afterwards.
        try store.write { try $0.save(sampleRecord(id: "A1")) }
        #expect(try store.read { try $0.application(id: "A1") } != nil)
    }

    @Test func failingStatementRollsBackEarlierWritesOfTheTransaction() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let error = storeError {
            try store.write { writer throws in
                try writer.save(sampleRecord(id: "A1"))
                try writer.recordOrder(applicationID: "missing", kind: .resend(matter: "M01"), requestedBy: "ops", at: instant(0))
            }
        }
        #expect(error == .notFound("application missing"))
        #expect(try store.read { try $0.application(id: "A1") } == nil)
    }

    @Test func writeReturnsTheBodysValue() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let id = try store.write { try $0.enqueue(topic: "t", key: nil, value: [1], headers: []) }
        #expect(id == 1)
    }

    @Test func nestedTransactionIsAnErrorNotADeadlock() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let error = storeError {
            try store.write { _ in try store.read { _ in () } }
        }
        #expect(error == .nestedTransaction)
        // The lock was released: the store still works.
        try store.write { try $0.save(sampleRecord(id: "A1")) }
    }

    @Test func escapedReaderIsRefused() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let escaped = try store.read { $0 }
        #expect(storeError { _ = try escaped.outboxDepth() } == .outsideTransaction)
    }

    @Test func writeLockHeldByAnotherConnectionLongerThanTimeoutIsBusy() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory, busyTimeout: .milliseconds(150))
        let other = try Connection(path: directory.path(), readOnly: false, busyTimeout: .seconds(1))
        try other.execute("BEGIN IMMEDIATE")
        let started = Date()
        let error = storeError { try store.write { try $0.save(sampleRecord(id: "A1")) } }
        let waited = Date().timeIntervalSince(started)
        guard case .busy = error else {
            Issue.record("expected busy, got \(String(describing: error))")
            return
        }
        #expect(waited >= 0.1, "gave up after \(waited) s, before the busy timeout")
        // Reads are not blocked by the other connection's write lock (WAL).
        #expect(try store.read { try $0.outboxDepth() } == 0)
        try other.execute("COMMIT")
        try store.write { try $0.save(sampleRecord(id: "A1")) }
        #expect(try store.read { try $0.application(id: "A1") } != nil)
    }

    @Test func writeWaitsForAShortLockOfAnotherConnection() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory, busyTimeout: .seconds(5))
        let other = try openStore(directory)
        let holding = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? other.write { _ in
                holding.signal()
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        thread.start()
        holding.wait()
        try store.write { try $0.save(sampleRecord(id: "A1")) }
        #expect(try store.read { try $0.application(id: "A1") } != nil)
    }

    /// hubctl reads while hubd writes: the reader sees the last committed state at once,
    /// without waiting for the writer's open transaction.
    @Test func readerReadsWhileAWriterWritesInAnotherThread() throws {
        let directory = try TemporaryDirectory()
        let writerStore = try openStore(directory)
        try writerStore.write { try $0.save(sampleRecord(id: "A1")) }
        let readerStore = try CorrelationStore(path: directory.path(), readOnly: true, busyTimeout: .milliseconds(100))

        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = try? writerStore.write { writer throws in
                try writer.save(sampleRecord(id: "A2"))
                inside.signal()
                release.wait()
            }
            finished.signal()
        }
        thread.start()
        inside.wait()
        let started = Date()
        let during = try readerStore.read { reader throws in
            (try reader.application(id: "A1") != nil, try reader.application(id: "A2") != nil)
        }
        // A reader blocked by the writer would wait out the 5 s busy timeout; 1 s leaves
        // room for a loaded machine without letting that through.
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(during.0)
        #expect(!during.1, "uncommitted write must not be visible")
        release.signal()
        finished.wait()
        #expect(try readerStore.read { try $0.application(id: "A2") } != nil)
    }

    /// One store shared by many threads: the lock serializes them, nothing is lost.
    @Test func concurrentWritersThroughOneStoreAreSerialized() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let group = DispatchGroup()
        for worker in 0..<4 {
            DispatchQueue.global().async(group: group) {
                for index in 0..<25 {
                    _ = try? store.write { writer throws in
                        try writer.enqueue(topic: "t", key: nil, value: [UInt8(worker), UInt8(index)], headers: [])
                    }
                }
            }
        }
        group.wait()
        #expect(try store.read { try $0.outboxDepth() } == 100)
    }
}
