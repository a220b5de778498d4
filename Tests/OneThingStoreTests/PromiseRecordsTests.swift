import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct PromiseRecordsTests {
    private func promised(_ record: ApplicationRecord) -> ApplicationRecord {
        var record = record
        record.promises = PromiseRecords(
            evaluations: [
                EvaluationRecord(channel: "/channels/online", matter: nil, department: "hrss", level: "dissatisfied",
                                 score: 2, comment: "等太久", at: instant(100), eventID: "e-1"),
                EvaluationRecord(channel: "/channels/window", matter: "M10", department: "police", level: "very-satisfied",
                                 score: 5, comment: nil, at: instant(101), eventID: "e-2"),
            ],
            rectifications: [
                RectificationRecord(id: "\(record.id):rect:1", department: "hrss", matter: nil, channel: "/channels/online",
                                    level: "dissatisfied", comment: "等太久", openedAt: instant(100), deadline: instant(500),
                                    closedAt: instant(300), note: "已整改", overdueNotified: true),
            ],
            cards: [
                CardRecord(id: "\(record.id):card:1", subject: "M10", department: "police", level: "yellow",
                           recipient: "liaison", openedAt: instant(50), acknowledgedAt: instant(60), rectifiedAt: instant(70),
                           note: "已核查", closedAt: instant(80)),
                CardRecord(id: "\(record.id):card:2", subject: "\(record.id):rect:1", department: "hrss", level: "red",
                           recipient: "supervising-office", openedAt: instant(250)),
            ],
            notices: [
                NoticeRecord(id: "\(record.id):notice:1", kind: "accepted", at: instant(0)),
                NoticeRecord(id: "\(record.id):notice:2", kind: "supplement", at: instant(40), covers: ["M05:r1", "M08:r1"]),
            ])
        return record
    }

    @Test func promisesRoundTripThroughTheStoreAndChangeInPlace() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let plain = sampleRecord(id: "APP-P-1")
        try store.write { try $0.save(plain) }
        #expect(try store.read { try $0.application(id: plain.id) }?.promises.isEmpty == true)

        let record = promised(plain)
        try store.write { try $0.save(record, previous: plain) }
        #expect(try store.read { try $0.application(id: record.id) } == record)

        var changed = record
        changed.promises.cards[1].closedAt = instant(400)
        changed.promises.evaluations.removeFirst()
        try store.write { try $0.save(changed, previous: record) }
        #expect(try store.read { try $0.application(id: record.id) } == changed)

        // A first save that already carries promises (a restore) writes them too.
        let restored = promised(sampleRecord(id: "APP-P-2"))
        try store.write { try $0.save(restored) }
        #expect(try store.read { try $0.application(id: restored.id) } == restored)
    }

    @Test func promisesTravelInTheStateRecord() throws {
        let record = StateRecord(application: promised(sampleRecord(id: "APP-P-3")), writer: "w1", publishedThrough: nil,
                                 processedEvents: [], pendingMessages: [])
        #expect(try StateRecordCodec.decode(StateRecordCodec.encode(record)) == record)
        let plain = StateRecord(application: sampleRecord(id: "APP-P-4"), writer: "w1", publishedThrough: nil,
                                processedEvents: [], pendingMessages: [])
        #expect(!String(decoding: StateRecordCodec.encode(plain), as: UTF8.self).contains("promises"))
    }
}

@Suite struct PromiseRestoreTests {
    @Test func aRestoredApplicationKeepsItsPromises() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        var application = sampleRecord(id: "APP-R-1")
        application.promises = PromiseRecords(
            cards: [CardRecord(id: "APP-R-1:card:1", subject: "M10", department: "police", level: "yellow",
                               recipient: "liaison", openedAt: instant(5))],
            notices: [NoticeRecord(id: "APP-R-1:notice:1", kind: "accepted", at: instant(0))])
        let state = StateRecord(application: application, writer: "w1", publishedThrough: nil, processedEvents: [],
                                pendingMessages: [])
        try store.write { try $0.restore(state, partition: 0, replacing: false) }
        #expect(try store.read { try $0.application(id: "APP-R-1") }?.promises == application.promises)
    }
}
