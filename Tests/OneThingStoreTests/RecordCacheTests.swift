import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct RecordCacheTests {
    private struct Abort: Error {}

    @Test func rolledBackSaveIsNotServedFromTheCache() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let original = sampleRecord(id: "A1")
        try store.write { try $0.save(original) }
        #expect(throws: Abort.self) {
            try store.write { writer in
                var changed = original
                changed.state = .completed
                try writer.save(changed, previous: original)
                #expect(try writer.application(id: "A1")?.state == .completed, "own uncommitted save is visible")
                throw Abort()
            }
        }
        #expect(try store.read { try $0.application(id: "A1") } == original)
        #expect(try store.write { try $0.application(id: "A1") } == original)
    }

    @Test func anotherConnectionsCommitInvalidatesTheCache() throws {
        let directory = try TemporaryDirectory()
        let hubd = try openStore(directory)
        let original = sampleRecord(id: "A1")
        try hubd.write { try $0.save(original) }
        #expect(try hubd.read { try $0.application(id: "A1") } == original)   // now cached

        let other = try CorrelationStore(path: directory.path(), recordCacheCapacity: 0)
        var changed = original
        changed.lastEvent = "changed-elsewhere"
        try other.write { try $0.save(changed) }

        #expect(try hubd.read { try $0.application(id: "A1") }?.lastEvent == "changed-elsewhere")
        #expect(try hubd.write { try $0.application(id: "A1") }?.lastEvent == "changed-elsewhere")
    }

    @Test func smallCacheStillReturnsEveryRecordCorrectly() throws {
        let directory = try TemporaryDirectory()
        let store = try CorrelationStore(path: directory.path(), recordCacheCapacity: 2)
        let records = (0..<7).map { sampleRecord(id: "A\($0)", updatedAt: instant(Double($0))) }
        try store.write { writer in for record in records { try writer.save(record) } }
        for _ in 0..<2 {
            for record in records.reversed() {
                #expect(try store.read { try $0.application(id: record.id) } == record)
            }
        }
        // Saving through previous versions taken from the cache stays exact.
        try store.write { writer in
            for record in records {
                let previous = try #require(try writer.application(id: record.id))
                var next = previous
                next.matters[0].state = .sent
                try writer.save(next, previous: previous)
            }
        }
        let uncached = try CorrelationStore(path: directory.path(), recordCacheCapacity: 0)
        for record in records {
            #expect(try uncached.read { try $0.application(id: record.id) }?.matters[0].state == .sent)
        }
    }
}
