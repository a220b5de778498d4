import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// The state record (what goes to the flow's state topic) and the restore that rebuilds a
/// store from those records.
@Suite struct StateChangelogTests {
    private func message(_ id: Int64, topic: String, ceID: String, partition: Int32? = nil) -> OutboxMessage {
        OutboxMessage(id: id, topic: topic, key: Array("APP-1".utf8), value: Array("{\"请求\":1}".utf8),
                      headers: [StoredHeader(key: "ce_id", value: Array(ceID.utf8)), StoredHeader(key: "empty", value: [])],
                      partition: partition)
    }

    private func fullRecord() -> StateRecord {
        var application = sampleRecord(id: "APP-1", updatedAt: instant(42.123))
        application.state = .awaitingSupplement
        application.errors = [FieldIssue(field: "pension.to", code: "invalid-date", message: "月份无效")]
        application.lastEventMatter = "M05"
        application.nextTimerAt = instant(600)
        application.supplementSince = instant(20)
        application.overdueNotified = true
        application.outcome = .partiallyCompleted
        application.ownerEpoch = 7
        application.submittedSource = "/channels/bank/icbc"
        application.matters[0] = MatterRecord(
            code: "M10", department: "hrss", state: .approved, revision: 1, requestID: "APP-1:M10:r1",
            sentAt: instant(1), lastSentAt: instant(601), receivedAt: instant(2), finalAt: instant(3.5),
            deadline: instant(86_401), supplementSince: instant(4), pausedSeconds: 12.25, resends: 2, stalled: true,
            dueSoonNotified: true, overdueNotified: true,
            outputs: JSONObject([("pensionAccount", "P-001"), ("amount", .double(3120.5)), ("months", 420)]),
            reason: "缺少缴费证明")
        return StateRecord(application: application, writer: "w1", publishedThrough: 11,
                           processedEvents: [ProcessedEvent(key: "src\u{1F}ce-1", at: instant(1)),
                                             ProcessedEvent(key: "src\u{1F}ce-2", at: instant(2))],
                           pendingMessages: [message(12, topic: "retirement.requests.hrss", ceID: "APP-1:M10:r1", partition: 2),
                                             message(13, topic: "retirement.status", ceID: "s-1")])
    }

    private func entry(_ record: StateRecord, offset: Int64) -> ChangelogEntry {
        ChangelogEntry(offset: offset, key: Array(record.application.id.utf8), value: StateRecordCodec.encode(record),
                       headers: StateRecordCodec.headers(of: record))
    }

    @Test func recordRoundTripsExactly() throws {
        let record = fullRecord()
        #expect(try StateRecordCodec.decode(StateRecordCodec.encode(record)) == record)
        var minimal = record
        minimal.application = sampleRecord(id: "APP-2")
        minimal.application.submittedSource = ""
        minimal.publishedThrough = nil
        minimal.processedEvents = []
        minimal.pendingMessages = []
        #expect(try StateRecordCodec.decode(StateRecordCodec.encode(minimal)) == minimal)
        let headers = StateRecordCodec.headers(of: record)
        #expect(headers.map(\.key) == ["state_format", "state_epoch", "state_writer", "state_published_through"])
        #expect(headers[1].value == Array("7".utf8))
    }

    @Test func malformedAndNewerRecordsAreRefusedWithAReason() {
        #expect(storeError { _ = try StateRecordCodec.decode(Array("not json".utf8)) } != nil)
        var newer = String(decoding: StateRecordCodec.encode(fullRecord()), as: UTF8.self)
        newer = newer.replacingOccurrences(of: "\"format\":1", with: "\"format\":99")
        guard case .invalidData(let reason)? = storeError({ _ = try StateRecordCodec.decode(Array(newer.utf8)) }) else {
            Issue.record("a newer format must be refused")
            return
        }
        #expect(reason.contains("99"))
        let noMatters = String(decoding: StateRecordCodec.encode(fullRecord()), as: UTF8.self)
            .replacingOccurrences(of: "\"matters\"", with: "\"mattersX\"")
        #expect(storeError { _ = try StateRecordCodec.decode(Array(noMatters.utf8)) } != nil)
    }

    /// Fills `store` as the pipeline would: three applications, their keys, their outbox
    /// (part of it published), and returns the state records it would write.
    private func populate(_ store: CorrelationStore, epoch: Int64) throws -> [StateRecord] {
        try store.write { writer in
            var records: [StateRecord] = []
            for (index, id) in ["A-1", "A-2", "A-3"].enumerated() {
                var application = sampleRecord(id: id, updatedAt: instant(Double(index)))
                application.ownerEpoch = epoch
                application.nextTimerAt = instant(100 + Double(index))
                application.matters[1].state = .sent
                application.matters[1].requestID = "\(id):M01:r1"
                try writer.save(application)
                try writer.markProcessed(eventID: "channel\u{1F}\(id)-submitted", at: instant(0), applicationID: id)
                try writer.markProcessed(eventID: "hrss\u{1F}\(id)-reply", at: instant(5), applicationID: id)
                for topic in ["retirement.requests.hrss", "retirement.status"] {
                    try writer.enqueue(topic: topic, key: Array(id.utf8), value: Array("\(id) \(topic)".utf8),
                                       headers: [StoredHeader(key: "ce_id", value: Array("\(id)-\(topic)".utf8))],
                                       at: instant(0), applicationID: id)
                }
            }
            try writer.markProcessed(eventID: "dead-letter-position", at: instant(0))
            // The first application's messages were published.
            try writer.markPublished(ids: [1, 2])
            let published = try writer.outboxPublishedThrough()
            for id in ["A-1", "A-2", "A-3"] {
                let application = try #require(try writer.application(id: id))
                records.append(try writer.stateRecord(of: application, writer: store.writerID, publishedThrough: published))
            }
            return records
        }
    }

    private struct Snapshot: Equatable {
        var applications: [ApplicationRecord]
        var events: [[ProcessedEvent]]
        /// Pending messages without their store-local ids.
        var outbox: [[String]]
    }

    private func snapshot(_ store: CorrelationStore, ids: [String]) throws -> Snapshot {
        try store.read { reader in
            Snapshot(applications: try ids.map { id in try #require(try reader.application(id: id)) },
                     events: try ids.map { try reader.processedEvents(applicationID: $0) },
                     outbox: try ids.map { id in
                         try reader.pendingOutbox(applicationID: id).map { message in
                             "\(message.topic) \(message.partition.map(String.init) ?? "-") \(String(decoding: message.key ?? [], as: UTF8.self)) \(String(decoding: message.value, as: UTF8.self)) \(message.headers.map { "\($0.key)=\(String(decoding: $0.value, as: UTF8.self))" })"
                         }
                     })
        }
    }

    @Test func restoreIntoAnEmptyStoreEqualsTheStateBefore() throws {
        let before = try TemporaryDirectory(), after = try TemporaryDirectory()
        let source = try openStore(before)
        let records = try populate(source, epoch: 3)
        #expect(records[0].publishedThrough == 2)
        #expect(records[0].pendingMessages.isEmpty, "A-1's messages were published")
        #expect(records[1].pendingMessages.map(\.id) == [3, 4])
        #expect(records[1].processedEvents.count == 2, "the dead letter's key belongs to no application")

        let target = try openStore(after)
        let restore = ChangelogRestore(store: target, topic: "retirement.state", partition: 0)
        #expect(try restore.startOffset() == nil)
        try restore.apply(records.enumerated().map { entry($1, offset: Int64($0)) })
        let summary = try restore.finish(nextOffset: 3)
        #expect(summary.applied == 3)
        #expect(summary.messagesRequeued == 4)
        #expect(summary.invalid == 0 && summary.stale == 0)

        let ids = ["A-1", "A-2", "A-3"]
        #expect(try snapshot(target, ids: ids) == snapshot(source, ids: ids))
        // Timers are found through the restored rows.
        #expect(try target.read { try $0.applicationsWithTimersDue(now: instant(101), limit: 10) } == ["A-1", "A-2"])
        #expect(try target.read { try $0.hasProcessed(eventID: "hrss\u{1F}A-3-reply") })
        #expect(try target.read { try $0.changelogOffset(topic: "retirement.state", partition: 0) } == 3)
        // Restored messages are published like any other, with their original ce_id.
        let unsent = try target.unsentOutbox(limit: 10)
        #expect(unsent.map { String(decoding: $0.headers[0].value, as: UTF8.self) }
                == ["A-2-retirement.requests.hrss", "A-2-retirement.status", "A-3-retirement.requests.hrss", "A-3-retirement.status"])
    }

    @Test func restoringTheSameRecordsTwiceChangesNothingMoreThanOnce() throws {
        let before = try TemporaryDirectory(), after = try TemporaryDirectory()
        let records = try populate(try openStore(before), epoch: 1)
        let target = try openStore(after)
        let entries = records.enumerated().map { entry($1, offset: Int64($0)) }
        let first = ChangelogRestore(store: target, topic: "t", partition: 0)
        try first.apply(entries)
        _ = try first.finish(nextOffset: 3)
        let once = try snapshot(target, ids: ["A-1", "A-2", "A-3"])
        let second = ChangelogRestore(store: target, topic: "t", partition: 0)
        try second.apply(Array(entries[1...]))
        try second.apply(Array(entries[..<1]))
        _ = try second.finish(nextOffset: 3)
        let twice = try snapshot(target, ids: ["A-1", "A-2", "A-3"])
        #expect(twice.applications == once.applications)
        #expect(twice.events == once.events)
    }

    @Test func recordsOfAStaleEpochAreIgnored() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        var newer = fullRecord()
        newer.application.ownerEpoch = 5
        newer.application.lastEvent = "by-the-owner"
        newer.pendingMessages = []
        var zombie = newer
        zombie.application.ownerEpoch = 4
        zombie.application.lastEvent = "by-a-zombie"
        let restore = ChangelogRestore(store: store, topic: "t", partition: 1)
        // Within one run: the zombie's record comes after the owner's.
        try restore.apply([entry(newer, offset: 10), entry(zombie, offset: 11)])
        // In a later run: the store already holds epoch 5.
        try restore.apply([entry(zombie, offset: 12)])
        let summary = try restore.finish(nextOffset: 13)
        #expect(summary.stale == 2)
        #expect(summary.applied == 1)
        let stored = try #require(try store.read { try $0.application(id: "APP-1") })
        #expect(stored.lastEvent == "by-the-owner")
        #expect(stored.ownerEpoch == 5)
        // An equal or newer epoch replaces it.
        var next = newer
        next.application.ownerEpoch = 6
        next.application.lastEvent = "next-owner"
        let again = ChangelogRestore(store: store, topic: "t", partition: 1)
        try again.apply([entry(next, offset: 13)])
        _ = try again.finish(nextOffset: 14)
        #expect(try store.read { try $0.application(id: "APP-1") }?.lastEvent == "next-owner")
    }

    @Test func aRestartRestoresOnlyTheTailAfterTheAppliedOffset() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        var first = fullRecord()
        first.pendingMessages = []
        var second = first
        second.application.id = "APP-2"
        let restore = ChangelogRestore(store: store, topic: "retirement.state", partition: 2)
        try restore.apply([entry(first, offset: 0)])
        _ = try restore.finish(nextOffset: 1)
        // The next start on the same disk reads from there.
        let tail = ChangelogRestore(store: store, topic: "retirement.state", partition: 2)
        #expect(try tail.startOffset() == 1)
        #expect(try ChangelogRestore(store: store, topic: "retirement.state", partition: 0).startOffset() == nil)
        try tail.apply([entry(second, offset: 1)])
        let summary = try tail.finish(nextOffset: 2)
        #expect(summary.records == 1)
        #expect(try store.read { try $0.application(id: "APP-2") } != nil)
        #expect(try tail.startOffset() == 2)
    }

    @Test func pendingMessagesKnownPublishedOrOwnAreNotSentAgain() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        // Another writer's record with two pending messages (12, 13); a later record of the
        // same writer (for another application) shows everything through 12 published.
        let early = fullRecord()
        var later = fullRecord()
        later.application.id = "APP-9"
        later.publishedThrough = 12
        later.pendingMessages = []
        // This store's own record: its pending messages are still in its outbox.
        var own = fullRecord()
        own.application.id = "APP-OWN"
        own.writer = store.writerID
        let restore = ChangelogRestore(store: store, topic: "t", partition: 0)
        try restore.apply([entry(early, offset: 0), entry(later, offset: 1), entry(own, offset: 2)])
        let summary = try restore.finish(nextOffset: 3)
        #expect(summary.own == 1)
        #expect(try store.read { try $0.application(id: "APP-OWN") } == nil, "its own records are never applied again")
        #expect(summary.messagesKnownPublished == 1)
        #expect(summary.messagesRequeued == 1)
        let unsent = try store.unsentOutbox(limit: 10)
        #expect(unsent.map(\.topic) == ["retirement.status"])
        #expect(unsent.first?.headers == early.pendingMessages[1].headers)
    }

    @Test func unusableRecordsAreCountedNotFatal() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let good = fullRecord()
        var wrongKey = entry(good, offset: 1)
        wrongKey.key = Array("OTHER".utf8)
        let restore = ChangelogRestore(store: store, topic: "t", partition: 0)
        try restore.apply([
            ChangelogEntry(offset: 0, key: nil, value: Array("x".utf8), headers: []),
            wrongKey,
            ChangelogEntry(offset: 2, key: Array("APP-X".utf8), value: Array("{}".utf8),
                           headers: [StoredHeader(key: StateRecordCodec.Header.epoch, value: Array("1".utf8))]),
            entry(good, offset: 3),
        ])
        let summary = try restore.finish(nextOffset: 4)
        #expect(summary.invalid == 3)
        #expect(summary.firstInvalidReason != nil)
        #expect(summary.applied == 1)
    }
}
