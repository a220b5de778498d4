import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// `StateRecordCodec.encode` writes the record without building its JSON tree; its bytes
/// must be the tree's (`StateRecordCodec.tree`), for records with every optional member
/// set and with none, and for binary parts of every length modulo 3.
@Suite struct StateRecordBytesTests {
    private func message(_ id: Int64, value: [UInt8], key: [UInt8]?, partition: Int32?) -> OutboxMessage {
        OutboxMessage(id: id, topic: "retirement.requests.hrss", key: key, value: value,
                      headers: [StoredHeader(key: "ce_id", value: Array("APP-1:M10:r\(id)".utf8)),
                                StoredHeader(key: "empty", value: []), StoredHeader(key: "bin", value: [0, 255, 1, 254])],
                      partition: partition)
    }

    private func richRecord() -> StateRecord {
        var application = sampleRecord(id: "APP-\"1\"", updatedAt: instant(42.123))
        application.state = .awaitingSupplement
        application.errors = [FieldIssue(field: "pension.to", code: "invalid-date", message: "月份无效\n\"x\"")]
        application.lastEventMatter = "M05"
        application.nextTimerAt = instant(600)
        application.supplementSince = instant(20)
        application.overdueNotified = true
        application.outcome = .partiallyCompleted
        application.ownerEpoch = -7
        application.matters[0] = MatterRecord(
            code: "M10", department: "hrss", state: .approved, revision: 3, requestID: "APP-1:M10:r3",
            sentAt: instant(1), lastSentAt: instant(601), receivedAt: instant(2), finalAt: instant(3.5),
            deadline: instant(86_401), supplementSince: instant(4), pausedSeconds: 12.25, resends: 2, stalled: true,
            dueSoonNotified: true, overdueNotified: true,
            outputs: JSONObject([("pensionAccount", "P-001"), ("amount", .double(3120.5)), ("months", 420)]),
            reason: "缺少缴费证明")
        application.matters[1].pausedSeconds = 3
        application.matters[1].requestDigests = ["sm3:abc", "sm3:def"]
        application.promises = PromiseRecords(
            evaluations: [EvaluationRecord(channel: "/channels/online", matter: nil, department: "hrss", level: "dissatisfied",
                                           score: 2, comment: "等太久", at: instant(100), eventID: "e-1")],
            rectifications: [], cards: [],
            notices: [NoticeRecord(id: "APP-1:notice:1", kind: "accepted", at: instant(0))])
        return StateRecord(application: application, writer: "w\u{1F}1", publishedThrough: 11,
                           processedEvents: [ProcessedEvent(key: "src\u{1F}ce-1", at: instant(1)),
                                             ProcessedEvent(key: "src\u{1F}ce-2", at: instant(-2))],
                           pendingMessages: (0..<7).map { length in
                               message(Int64(12 + length), value: Array(repeating: UInt8(length * 37 & 0xFF), count: length * 101 + length),
                                       key: length == 3 ? nil : Array("APP-1".utf8).prefix(length).map { $0 },
                                       partition: length.isMultiple(of: 2) ? Int32(length) : nil)
                           })
    }

    @Test func encodedBytesAreTheTreesBytes() throws {
        let rich = richRecord()
        #expect(StateRecordCodec.encode(rich) == StateRecordCodec.tree(rich).serialized())
        #expect(try StateRecordCodec.decode(StateRecordCodec.encode(rich)) == rich)

        var minimal = StateRecord(application: sampleRecord(id: "APP-2"), writer: "w1", publishedThrough: nil,
                                  processedEvents: [], pendingMessages: [])
        minimal.application.submittedSource = ""
        minimal.application.notApplicable = []
        minimal.application.acceptedAt = nil
        minimal.application.deadline = nil
        minimal.application.matters = []
        #expect(StateRecordCodec.encode(minimal) == StateRecordCodec.tree(minimal).serialized())
        #expect(try StateRecordCodec.decode(StateRecordCodec.encode(minimal)) == minimal)

        let sample = StateRecord(application: sampleRecord(id: "APP-3"), writer: "w1", publishedThrough: 0,
                                 processedEvents: [ProcessedEvent(key: "k", at: instant(0))],
                                 pendingMessages: [message(1, value: [], key: [], partition: 0)])
        #expect(StateRecordCodec.encode(sample) == StateRecordCodec.tree(sample).serialized())
    }
}
