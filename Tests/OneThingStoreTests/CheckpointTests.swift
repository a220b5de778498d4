import Foundation
import Testing
@testable import OneThingStore

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
        // The last nudge fires after its interval; wait for it, then for its run.
        Thread.sleep(forTimeInterval: 0.4)
        store.drainCheckpoints()
        #expect(size(path) > before + 20 * 20 * 4000 / 2, "the database file holds the rows written through the WAL")
        #expect(try store.unsentOutbox(limit: 1000).count == 400)
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
