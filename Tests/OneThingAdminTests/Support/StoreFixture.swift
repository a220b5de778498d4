import Foundation
import OneThingExchange
import OneThingStore
import OneThingTestSupport

let hour: Double = 3_600
let day: Double = 86_400

/// A store written through the store API with applications in every interesting shape:
///
/// - `GX-OPEN-1` in progress, accepted 5 days ago: M10 approved (4 h), M01 sent and due
///   soon (96 % of 5 days), M04 approved, M07 overdue by 2 h, M05/M06/M08 waiting, M09
///   not applicable; one pending resend order; history.
/// - `GX-DONE-2` completed on fixed dates (2026-11-01 10:00 Asia/Shanghai onwards).
/// - `GX-REJ-3` rejected: M10 rejected, the rest cancelled.
/// - `GX-BAD-4` invalid (no matters), with its field errors.
/// - `GX-SUPP-5` awaiting a supplement of M01 (clock paused).
/// - three dead letters.
struct StoreFixture {
    let directory: TemporaryDirectory
    let path: String
    /// The instant the fixture was written, millisecond-aligned.
    let now: Date

    static let fixedStart = Date(timeIntervalSince1970: 1_793_498_400)   // 2026-11-01T02:00:00Z = 10:00 in Shanghai

    static let personalDocument: JSONValue = [
        "applicationId": "GX-OPEN-1",
        "channel": "online",
        "applicant": ["name": "韦小宝", "idNumber": "450103196001011798", "phone": "13907710000",
                      "address": "广西南宁市青秀区民族大道1号", "gender": "male"],
        "employer": ["name": "南宁市某机械厂", "fiscalFunded": false],
        "pension": ["bankName": "中国工商银行", "bankAccount": "6222020200001235678",
                    "deemedPeriods": [["from": "1978-01", "to": "1983-12", "employer": "知青农场"]]],
        "retirement": ["type": "normal", "requestedDate": "2026-12-01"],
    ]

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path()
        now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
        let store = try CorrelationStore(path: path)
        let now = self.now
        try store.write { writer in
            try writer.save(Self.openApplication(now: now))
            try writer.save(Self.doneApplication())
            try writer.save(Self.rejectedApplication())
            try writer.save(Self.invalidApplication(now: now))
            try writer.save(Self.supplementApplication(now: now))
            try writer.appendHistory(HistoryEntry(applicationID: "GX-OPEN-1", at: now - 5 * day, kind: "submitted",
                                                  eventID: "ev-open-1", detail: "Application submitted on channel online."))
            try writer.appendHistory(HistoryEntry(applicationID: "GX-OPEN-1", at: now - 5 * day, kind: "request-sent",
                                                  matter: "M10", eventID: "GX-OPEN-1:M10:r1", detail: "Request for M10 sent to police."))
            try writer.recordOrder(applicationID: "GX-OPEN-1", kind: .resend(matter: "M01"), requestedBy: "alice",
                                   at: now - hour)
            for (index, code) in ["malformed", "orphan-reply", "wrong-department"].enumerated() {
                try writer.recordDeadLetter(DeadLetterRecord(
                    at: Self.fixedStart + Double(index) * hour, code: code, reason: "Reason number \(index + 1).",
                    topic: "retirement.replies.hrss", partition: Int32(index), offset: Int64(100 + index),
                    key: Array("GX-DL-\(index)".utf8), value: Array("{\"secret\":\"450103196001011798\"}".utf8),
                    headers: [StoredHeader(key: "ce_id", value: Array("x".utf8))]))
            }
        }
    }

    func store() throws -> CorrelationStore {
        try CorrelationStore(path: path)
    }

    static func openApplication(now: Date) -> ApplicationRecord {
        let accepted = now - 5 * day
        let m10Final = accepted + 4 * hour
        let m04Final = now - 3 * day - 2 * hour
        return ApplicationRecord(
            id: "GX-OPEN-1", flow: "retirement", state: .inProgress, document: personalDocument,
            contentDigest: "sha256:open", submittedEventID: "ev-open-1", acceptedAt: accepted,
            deadline: accepted + 15 * day,
            notApplicable: [NotApplicable(matter: "M02", reason: "retirement type is not special-work"),
                            NotApplicable(matter: "M03", reason: "retirement type is not disability"),
                            NotApplicable(matter: "M09", reason: "employer is fiscal-funded")],
            matters: [
                MatterRecord(code: "M10", department: "police", state: .approved, revision: 1,
                             requestID: "GX-OPEN-1:M10:r1", sentAt: accepted, lastSentAt: accepted,
                             receivedAt: accepted + hour, finalAt: m10Final, deadline: accepted + day,
                             outputs: JSONObject([("confirmationNo", "HJ2026112200017"), ("hukouRegion", "450103"),
                                                  ("hukouAddress", "广西南宁市青秀区民族大道1号")])),
                MatterRecord(code: "M01", department: "hrss", state: .sent, revision: 1, requestID: "GX-OPEN-1:M01:r1",
                             sentAt: m10Final, lastSentAt: m10Final, deadline: m10Final + 5 * day),
                MatterRecord(code: "M04", department: "hrss", state: .approved, revision: 1,
                             requestID: "GX-OPEN-1:M04:r1", sentAt: m10Final, lastSentAt: m10Final,
                             receivedAt: m10Final + hour, finalAt: m04Final, deadline: m10Final + 5 * day,
                             outputs: JSONObject([("deemedMonths", .int(72))])),
                MatterRecord(code: "M05", department: "hrss"),
                MatterRecord(code: "M06", department: "medicare"),
                MatterRecord(code: "M07", department: "medicare", state: .received, revision: 1,
                             requestID: "GX-OPEN-1:M07:r1", sentAt: m04Final, lastSentAt: m04Final,
                             receivedAt: m04Final + hour, deadline: m04Final + 3 * day),
                MatterRecord(code: "M08", department: "hpf"),
            ],
            lastEvent: "matter-received", lastEventMatter: "M07", updatedAt: m04Final + hour)
    }

    /// Completed in 2 d 14 h: M10 3 h, M01 2 d, M05 1 d, M06 12 h, M08 12 h.
    static func doneApplication() -> ApplicationRecord {
        let start = fixedStart
        func matter(_ code: String, _ department: String, sent: Double, took: Double, limit: Double) -> MatterRecord {
            MatterRecord(code: code, department: department, state: .approved, revision: 1,
                         requestID: "GX-DONE-2:\(code):r1", sentAt: start + sent, lastSentAt: start + sent,
                         receivedAt: start + sent + 60, finalAt: start + sent + took, deadline: start + sent + limit)
        }
        var document = personalDocument
        document = document.mergePatched(with: ["applicationId": "GX-DONE-2", "applicant": ["name": "覃美玲"]])
        return ApplicationRecord(
            id: "GX-DONE-2", flow: "retirement", state: .completed, document: document, contentDigest: "sha256:done",
            submittedEventID: "ev-done-2", acceptedAt: start, deadline: start + 15 * day, outcome: .completed,
            matters: [
                matter("M10", "police", sent: 0, took: 3 * hour, limit: day),
                matter("M01", "hrss", sent: 3 * hour, took: 2 * day, limit: 5 * day),
                matter("M05", "hrss", sent: 2 * day + 3 * hour, took: day, limit: 5 * day),
                matter("M06", "medicare", sent: 2 * day + 3 * hour, took: 12 * hour, limit: 3 * day),
                matter("M08", "hpf", sent: 2 * day + 3 * hour, took: 12 * hour, limit: 3 * day),
            ],
            lastEvent: "completed", updatedAt: start + 3 * day + 3 * hour)
    }

    static func rejectedApplication() -> ApplicationRecord {
        let start = fixedStart + day
        return ApplicationRecord(
            id: "GX-REJ-3", flow: "retirement", state: .rejected, document: ["applicationId": "GX-REJ-3"],
            contentDigest: "sha256:rej", submittedEventID: "ev-rej-3", acceptedAt: start, deadline: start + 15 * day,
            outcome: .rejected,
            matters: [
                MatterRecord(code: "M10", department: "police", state: .rejected, revision: 1, requestID: "GX-REJ-3:M10:r1",
                             sentAt: start, lastSentAt: start, finalAt: start + 2 * day, deadline: start + day,
                             reason: "户籍信息不符 hukou record does not match"),
                MatterRecord(code: "M01", department: "hrss", state: .cancelled, finalAt: start + 2 * day),
                MatterRecord(code: "M05", department: "hrss", state: .cancelled, finalAt: start + 2 * day),
            ],
            lastEvent: "completed", updatedAt: start + 2 * day)
    }

    static func invalidApplication(now: Date) -> ApplicationRecord {
        ApplicationRecord(
            id: "GX-BAD-4", flow: "retirement", state: .invalid, document: .null, contentDigest: "sha256:bad",
            submittedEventID: "ev-bad-4",
            errors: [FieldIssue(field: "applicant.idNumber", code: "checksum", message: "the check digit is wrong")],
            lastEvent: "invalid", updatedAt: now - 2 * hour)
    }

    static func supplementApplication(now: Date) -> ApplicationRecord {
        let accepted = now - 2 * day
        let sent = accepted + hour
        return ApplicationRecord(
            id: "GX-SUPP-5", flow: "retirement", state: .awaitingSupplement, document: ["applicationId": "GX-SUPP-5"],
            contentDigest: "sha256:supp", submittedEventID: "ev-supp-5", acceptedAt: accepted,
            deadline: accepted + 15 * day,
            matters: [
                MatterRecord(code: "M10", department: "police", state: .approved, revision: 1, sentAt: accepted,
                             finalAt: sent, deadline: accepted + day),
                MatterRecord(code: "M01", department: "hrss", state: .supplementRequired, revision: 1,
                             sentAt: sent, lastSentAt: sent, deadline: sent + 5 * day, supplementSince: now - hour,
                             reason: "缺少工龄证明 proof of service years missing"),
            ],
            lastEvent: "matter-supplement-required", lastEventMatter: "M01", updatedAt: now - hour)
    }
}
