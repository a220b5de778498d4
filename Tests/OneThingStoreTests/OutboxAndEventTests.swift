import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct OutboxAndEventTests {
    @Test func outboxKeepsOrderBytesAndHeaders() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let headers = [StoredHeader(key: "ce_id", value: Array("A1:M10:r1".utf8)),
                       StoredHeader(key: "empty", value: []),
                       StoredHeader(key: "bin", value: [0, 255, 10, 0])]
        let ids = try store.write { writer throws in
            [
                try writer.enqueue(topic: "retirement.requests.hrss", key: Array("A1".utf8), value: Array("{}".utf8), headers: headers),
                try writer.enqueue(topic: "retirement.status", key: nil, value: [], headers: []),
                try writer.enqueue(topic: "retirement.status", key: [], value: [0, 1, 2], headers: headers),
            ]
        }
        #expect(ids == ids.sorted())
        let unsent = try store.unsentOutbox(limit: 10)
        #expect(unsent == [
            OutboxMessage(id: ids[0], topic: "retirement.requests.hrss", key: Array("A1".utf8), value: Array("{}".utf8), headers: headers),
            OutboxMessage(id: ids[1], topic: "retirement.status", key: nil, value: [], headers: []),
            OutboxMessage(id: ids[2], topic: "retirement.status", key: [], value: [0, 1, 2], headers: headers),
        ])
        #expect(try store.unsentOutbox(limit: 2).map(\.id) == Array(ids.prefix(2)))
    }

    @Test func markPublishedRemovesFromUnsent() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let ids = try store.write { writer in
            try (0..<5).map { index throws(StoreError) in
                try writer.enqueue(topic: "t", key: nil, value: [UInt8(index)], headers: [], at: instant(0))
            }
        }
        try store.markPublished(ids: [ids[0], ids[2]])
        try store.markPublished(ids: [ids[0]])  // again: ignored
        try store.markPublished(ids: [])
        #expect(try store.unsentOutbox(limit: 10).map(\.id) == [ids[1], ids[3], ids[4]])
        #expect(try store.read { try $0.outboxDepth() } == 3)
        try store.markPublished(ids: [ids[1], ids[3], ids[4]])
        #expect(try store.read { try $0.outboxDepth() } == 0)
        // Ids keep increasing after the outbox emptied.
        let next = try store.write { try $0.enqueue(topic: "t", key: nil, value: [9], headers: []) }
        #expect(next > ids[4])
    }

    @Test func publishedIdsAreDeletedByContiguousRuns() {
        #expect(StoreWriter.contiguousRuns([5, 1, 2, 3, 7, 2]) == [1...3, 5...5, 7...7])
        #expect(StoreWriter.contiguousRuns([]).isEmpty)
        #expect(StoreWriter.contiguousRuns([Int64.max, Int64.max - 1]) == [(Int64.max - 1)...Int64.max])
    }

    @Test func enqueueIsAtomicWithTheStateChange() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        struct Stop: Error {}
        _ = try? store.write { writer throws in
            try writer.save(sampleRecord(id: "A1"))
            try writer.enqueue(topic: "t", key: nil, value: [1], headers: [])
            throw Stop()
        }
        #expect(try store.unsentOutbox(limit: 10).isEmpty)
    }

    @Test func processedEventsDeduplicateAndPrune() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            #expect(try writer.markProcessed(eventID: "ce-1", at: instant(0)))
            #expect(try writer.markProcessed(eventID: "ce-1", at: instant(5)) == false)
            #expect(try writer.markProcessed(eventID: "ce-2", at: instant(100)))
            #expect(try writer.hasProcessed(eventID: "ce-1"))
        }
        try store.read { reader throws in
            #expect(try reader.hasProcessed(eventID: "ce-1"))
            #expect(try reader.hasProcessed(eventID: "ce-3") == false)
        }
        let pruned = try store.write { try $0.pruneProcessedEvents(before: instant(50)) }
        #expect(pruned == 1)
        try store.read { reader throws in
            #expect(try reader.hasProcessed(eventID: "ce-1") == false, "pruned")
            #expect(try reader.hasProcessed(eventID: "ce-2"))
        }
    }

    @Test func timersDueAreEarliestFirstAndLimited() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            for (id, timer) in [("A1", 30.0), ("A2", 10.0), ("A3", nil), ("A4", 20.0), ("A5", 99.0)] as [(String, Double?)] {
                var record = sampleRecord(id: id)
                record.nextTimerAt = timer.map(instant)
                try writer.save(record)
            }
        }
        try store.read { reader throws in
            #expect(try reader.applicationsWithTimersDue(now: instant(30), limit: 10) == ["A2", "A4", "A1"])
            #expect(try reader.applicationsWithTimersDue(now: instant(30), limit: 2) == ["A2", "A4"])
            #expect(try reader.applicationsWithTimersDue(now: instant(5), limit: 10).isEmpty)
            #expect(try reader.earliestTimer() == instant(10))
        }
        // Disarming removes it from the due list.
        try store.write { writer throws in
            var record = try #require(try writer.application(id: "A2"))
            let previous = record
            record.nextTimerAt = nil
            try writer.save(record, previous: previous)
        }
        #expect(try store.read { try $0.applicationsWithTimersDue(now: instant(100), limit: 10) } == ["A4", "A1", "A5"])
    }
}
