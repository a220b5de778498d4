import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// Outgoing messages Kafka refused for good: out of the outbox into their own table,
/// and back with their original bytes on a resend.
@Suite struct UndeliverableTests {
    private let headers = [StoredHeader(key: "ce_id", value: Array("A1:M10:r1".utf8)),
                           StoredHeader(key: "ce_matter", value: Array("M10".utf8))]

    @Test func setAsideMovesTheRowOutOfTheOutboxKeepingItsBytes() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let (refused, other) = try store.write { writer throws in
            (try writer.enqueue(topic: "requests.police", key: Array("A1".utf8), value: [1, 2, 3], headers: headers, at: instant(5)),
             try writer.enqueue(topic: "status", key: Array("A1".utf8), value: [9], headers: [], at: instant(5)))
        }
        let id = try store.write { writer throws in
            try writer.setAside(outboxID: refused, applicationID: "A1", matter: "M10", errorCode: 29,
                                error: "Broker: Topic authorization failed", at: instant(9))
        }
        #expect(id != nil)
        try store.read { reader throws in
            #expect(try reader.unsentOutbox(limit: 10).map(\.id) == [other])
            #expect(try reader.undeliverableCount() == 1)
            let record = try #require(try reader.undeliverable(limit: 10).first)
            #expect(record.outboxID == refused)
            #expect(record.applicationID == "A1")
            #expect(record.matter == "M10")
            #expect(record.topic == "requests.police")
            #expect(record.key == Array("A1".utf8))
            #expect(record.value == [1, 2, 3])
            #expect(record.headers == headers)
            #expect(record.createdAt == instant(5))
            #expect(record.failedAt == instant(9))
            #expect(record.errorCode == 29)
            #expect(record.error.contains("authorization"))
            #expect(record.requeuedAt == nil)
        }
        // A row no longer in the outbox (published or set aside already) changes nothing.
        let again = try store.write { writer throws in
            try writer.setAside(outboxID: refused, applicationID: "A1", matter: "M10", errorCode: 29, error: "x", at: instant(10))
        }
        #expect(again == nil)
        #expect(try store.read { try $0.undeliverableCount() } == 1)
    }

    @Test func requeuePutsTheMattersMessagesBackWithTheirOriginalBytes() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            for value: UInt8 in [1, 2] {
                let row = try writer.enqueue(topic: "requests.police", key: Array("A1".utf8), value: [value], headers: headers, at: instant(1))
                try writer.setAside(outboxID: row, applicationID: "A1", matter: "M10", errorCode: 3, error: "unknown topic", at: instant(2))
            }
            let elsewhere = try writer.enqueue(topic: "requests.hrss", key: Array("A1".utf8), value: [7], headers: [], at: instant(1))
            try writer.setAside(outboxID: elsewhere, applicationID: "A1", matter: "M01", errorCode: 3, error: "unknown topic", at: instant(2))
        }
        let requeued = try store.write { try $0.requeueUndeliverable(applicationID: "A1", matter: "M10", at: instant(30)) }
        #expect(requeued.map(\.value) == [[1], [2]])
        #expect(requeued.allSatisfy { $0.headers == headers && $0.topic == "requests.police" })
        try store.read { reader throws in
            #expect(try reader.unsentOutbox(topic: "requests.police", limit: 10).map(\.id) == requeued.map(\.id))
            #expect(try reader.undeliverableCount() == 1)   // M01's stays set aside
            let records = try reader.undeliverable(limit: 10)
            #expect(records.filter { $0.matter == "M10" }.allSatisfy { $0.requeuedAt == instant(30) })
        }
        // Requeued once: a second resend finds nothing more to put back.
        #expect(try store.write { try $0.requeueUndeliverable(applicationID: "A1", matter: "M10", at: instant(31)) }.isEmpty)
    }

    @Test func aMessageRefusedBeforeTheOutboxIsRecordedWhole() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            try writer.recordUndeliverable(UndeliverableRecord(
                outboxID: 99, applicationID: "A2", matter: nil, topic: "status", key: Array("A2".utf8),
                value: [UInt8](repeating: 7, count: 2_000), headers: [], createdAt: instant(3), failedAt: instant(3),
                errorCode: -1, error: "larger than message.max.bytes"))
        }
        let record = try #require(try store.read { try $0.undeliverable(limit: 1) }.first)
        #expect(record.outboxID == 0)
        #expect(record.value.count == 2_000)
        #expect(record.errorCode == -1)
        #expect(try store.read { try $0.outboxDepth() } == 0)
    }

    @Test func theOutboxIsReadByTopic() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let ids = try store.write { writer throws in
            try ["a", "b", "a", "c", "a"].map { try writer.enqueue(topic: $0, key: nil, value: [1], headers: [], at: instant(0)) }
        }
        try store.read { reader throws in
            #expect(try reader.unsentOutbox(topic: "a", limit: 2).map(\.id) == [ids[0], ids[2]])
            #expect(try reader.outboxTopics() == ["a", "b", "c"])
        }
    }

    /// A version 2 file gains the table and keeps its outbox.
    @Test func aVersionTwoFileIsUpgraded() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.path(), readOnly: false, busyTimeout: .seconds(1))
        try Schema.migrate(connection, steps: [Schema.version1, Schema.version2])
        try connection.run("INSERT INTO outbox (topic, key, value, headers, created_at) VALUES ('t', NULL, x'01', x'', 0)", [])
        let store = try openStore(directory)
        #expect(try store.read { try $0.outboxDepth() } == 1)
        #expect(try store.read { try $0.undeliverableCount() } == 0)
        #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Schema.currentVersion))
    }
}
