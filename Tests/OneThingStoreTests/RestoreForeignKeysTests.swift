import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// A restore's transactions run with foreign keys not enforced (each inserted row of an
/// application would otherwise look its application up), and every other transaction
/// with them enforced: after a restore's transaction, and after one that failed, they
/// are enforced again.
@Suite struct RestoreForeignKeysTests {
    private struct Refused: Error {}

    private func enforced(_ store: CorrelationStore) throws -> Bool {
        try store.read { (reader: StoreReader) throws -> Bool in try reader.database.enforcesForeignKeys }
    }

    @Test func keysAreEnforcedAgainAfterARestoreTransactionWhateverItsEnd() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        #expect(try enforced(store))
        let inside = try store.writeWithoutForeignKeys { (writer: StoreWriter) throws -> Bool in
            try writer.database.enforcesForeignKeys
        }
        #expect(inside == false)
        #expect(try enforced(store))
        #expect(throws: Refused.self) {
            try store.writeWithoutForeignKeys { (_: StoreWriter) throws -> Void in throw Refused() }
        }
        #expect(try enforced(store))
        // An ordinary write still has the cascade: a matter without its application is refused.
        #expect(throws: StoreError.self) {
            try store.write { (writer: StoreWriter) throws -> Void in
                try writer.database.run("INSERT INTO notices (application_id, id, kind, at, covers) VALUES ('NONE', 'n', 'k', 0, '[]')", [])
            }
        }
    }

    @Test func aRestoreLeavesTheKeysEnforced() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let record = StateRecord(application: sampleRecord(id: "A-1"), writer: "other-store", publishedThrough: nil,
                                 processedEvents: [], pendingMessages: [])
        let restore = ChangelogRestore(store: store, topic: "retirement.state", partition: 0)
        try restore.apply([ChangelogEntry(offset: 0, key: Array("A-1".utf8), value: StateRecordCodec.encode(record),
                                          headers: StateRecordCodec.headers(of: record))])
        #expect(try restore.finish(nextOffset: 1).applied == 1)
        #expect(try enforced(store))
    }
}
