import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// The owner partition kept per application: recorded once, and what the owner's timers
/// and orders are restricted to.
@Suite struct OwnerPartitionTests {
    private func armed(_ id: String, dueAt seconds: Double) -> ApplicationRecord {
        var record = sampleRecord(id: id)
        record.nextTimerAt = instant(seconds)
        return record
    }

    @Test func partitionIsRecordedOnceAndReadBack() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            try writer.save(sampleRecord(id: "P-1"))
            try writer.assignPartition(2, toApplication: "P-1")
            // An application never moves: a second assignment changes nothing.
            try writer.assignPartition(0, toApplication: "P-1")
            try writer.save(sampleRecord(id: "P-LEGACY"))
        }
        #expect(try store.read { try $0.applicationPartition(id: "P-1") } == .stored(2))
        #expect(try store.read { try $0.applicationPartition(id: "P-LEGACY") } == .stored(nil))
        #expect(try store.read { try $0.applicationPartition(id: "P-NONE") } == .absent)
        // Saving the record again (the hub's hot path) keeps the partition.
        var changed = sampleRecord(id: "P-1")
        changed.lastEvent = "matter-sent"
        try store.write { writer throws in try writer.save(changed, previous: sampleRecord(id: "P-1")) }
        #expect(try store.read { try $0.applicationPartition(id: "P-1") } == .stored(2))
    }

    @Test func timersAndOrdersAreOnlyThoseOfOwnedPartitions() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            for (id, partition) in [("T-0", Int32(0)), ("T-1", 1), ("T-2", 2)] {
                try writer.save(armed(id, dueAt: Double(partition)))
                try writer.assignPartition(partition, toApplication: id)
                try writer.recordOrder(applicationID: id, kind: .withdraw(reason: "test"), requestedBy: "op", at: instant(1))
            }
            try writer.save(armed("T-LEGACY", dueAt: 5))
            try writer.recordOrder(applicationID: "T-LEGACY", kind: .withdraw(reason: "test"), requestedBy: "op", at: instant(1))
        }
        let due = try store.read { try $0.applicationsWithTimersDue(now: instant(10), limit: 10, partitions: [0, 2]) }
        #expect(due == ["T-0", "T-2", "T-LEGACY"])
        #expect(try store.read { try $0.applicationsWithTimersDue(now: instant(10), limit: 10) }.count == 4)
        let orders = try store.read { try $0.pendingOrders(limit: 10, partitions: [1]) }
        #expect(orders.map(\.applicationID) == ["T-1", "T-LEGACY"])
    }
}
