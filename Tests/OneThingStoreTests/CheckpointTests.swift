import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// The writer never checkpoints (wal_autocheckpoint=0); the background checkpointer
/// copies committed pages into the database file on its own connection.
@Suite struct CheckpointTests {
    private func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func committedPagesReachTheDatabaseFileWithoutAnExplicitCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try CorrelationStore(path: path)
        let before = size(path)
        let value = [UInt8](repeating: 0x41, count: 4000)
        for batch in 0..<20 {
            try store.write { writer in
                for index in 0..<20 {
                    _ = try writer.enqueue(topic: "t", key: Array("k\(batch)-\(index)".utf8), value: value,
                                           headers: [], at: instant(Double(batch)))
                }
            }
        }
        store.drainCheckpoints()
        #expect(size(path) > before + 20 * 20 * 4000 / 2, "the database file holds the rows written through the WAL")
        #expect(try store.unsentOutbox(limit: 1000).count == 400)
    }

    /// Under sustained writes the WAL must restart from its beginning instead of growing
    /// with everything ever written. 40 MB go through here; the WAL stays a fraction of
    /// that.
    @Test func sustainedWritesKeepTheWALBounded() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try CorrelationStore(path: path, readOnly: false, busyTimeout: .seconds(5),
                                         recordCacheCapacity: 0, walRestartFrames: 256)
        let value = [UInt8](repeating: 0x42, count: 4000)
        var largest = 0
        for batch in 0..<400 {
            try store.write { writer in
                let ids = try (0..<25).map { index in
                    try writer.enqueue(topic: "t", key: Array("k\(batch)-\(index)".utf8), value: value,
                                       headers: [], at: instant(Double(batch)))
                }
                // Delete the previous batch's rows, as publishing does, so the database
                // itself stays small and only the WAL could grow.
                try writer.markPublished(ids: ids.map { $0 - 25 }.filter { $0 > 0 })
            }
            largest = max(largest, size(path + "-wal"))
            // A pipeline pauses between transactions (polling, publishing).
            Thread.sleep(forTimeInterval: 0.001)
        }
        store.drainCheckpoints()
        #expect(largest < 16 << 20, "the WAL peaked at \(largest) bytes after 40 MB were written")
    }

    /// Committed writes count, with the pages they put in the WAL; reads and rolled-back
    /// writes do not.
    @Test func writeStatisticsCountCommittedWritesAndTheirPages() throws {
        let directory = try TemporaryDirectory()
        let store = try CorrelationStore(path: directory.path())
        let before = store.writeStatistics()
        let value = [UInt8](repeating: 0x43, count: 4000)
        try store.write { writer in
            for index in 0..<10 {
                _ = try writer.enqueue(topic: "t", key: Array("k\(index)".utf8), value: value, headers: [], at: instant(0))
            }
        }
        _ = try store.unsentOutbox(limit: 100)
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try store.write { writer in
                _ = try writer.enqueue(topic: "t", key: nil, value: value, headers: [], at: instant(1))
                throw Abandon()
            }
        }
        let spent = store.writeStatistics() - before
        #expect(spent.transactions == 1)
        #expect(spent.pagesWritten >= 10, "ten rows of 4,000 bytes take at least ten pages; \(spent.pagesWritten) written")
    }

    @Test func readOnlyStoresRunNoCheckpointer() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        _ = try CorrelationStore(path: path)
        let reader = try CorrelationStore(path: path, readOnly: true)
        reader.drainCheckpoints()
        #expect(try reader.unsentOutbox(limit: 10).isEmpty)
    }
}
