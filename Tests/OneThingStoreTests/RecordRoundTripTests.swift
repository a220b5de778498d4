import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct RecordRoundTripTests {
    /// Every field set, including JSON, Unicode, optional dates and a fractional pause.
    private func fullRecord() -> ApplicationRecord {
        var record = sampleRecord(id: "APP-2026-0001", updatedAt: instant(42.123))
        record.state = .awaitingSupplement
        record.outcome = nil
        record.errors = [FieldIssue(field: "pension.deemedPeriods[0].to", code: "invalid-date", message: "月份无效")]
        record.lastEvent = "matter-supplement-required"
        record.lastEventMatter = "M05"
        record.nextTimerAt = instant(600)
        record.supplementSince = instant(20)
        record.matters[0] = MatterRecord(
            code: "M10", department: "hrss", state: .approved, revision: 1, requestID: "APP-2026-0001:M10:r1",
            sentAt: instant(1), lastSentAt: instant(601), receivedAt: instant(2), finalAt: instant(3.5),
            deadline: instant(86_401), supplementSince: nil, pausedSeconds: 0, resends: 1, stalled: false,
            dueSoonNotified: true, overdueNotified: false,
            outputs: JSONObject([("pensionAccount", "P-001"), ("amount", .double(3120.5)), ("months", 420)]),
            reason: nil)
        record.matters[2] = MatterRecord(
            code: "M05", department: "medicare", state: .supplementRequired, revision: 2,
            requestID: "APP-2026-0001:M05:r2", sentAt: instant(10), lastSentAt: instant(10),
            receivedAt: nil, finalAt: nil, deadline: instant(10 + 3600 + 12.25),
            supplementSince: instant(20), pausedSeconds: 12.25, resends: 0, stalled: true,
            dueSoonNotified: false, overdueNotified: true, outputs: JSONObject(), reason: "缺少缴费证明")
        return record
    }

    @Test func wholeRecordRoundTripsExactly() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let record = fullRecord()
        try store.write { try $0.save(record) }
        let loaded = try #require(try store.read { try $0.application(id: record.id) })
        #expect(loaded == record)
        #expect(loaded.matters.map(\.code) == ["M10", "M01", "M05"], "catalogue order kept")
        #expect(loaded.updatedAt == instant(42.123))
        #expect(loaded.matters[2].pausedSeconds == 12.25)
        #expect(loaded.document[path: "applicant.name"]?.stringValue == "韦小宝")
        #expect(loaded.matters[0].outputs["amount"] == .double(3120.5))
    }

    @Test func invalidApplicationWithNullDocumentRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let record = ApplicationRecord(
            id: "BAD-1", flow: "retirement", state: .invalid, document: .null, contentDigest: "",
            submittedEventID: "ce-bad", errors: [FieldIssue(field: "", code: "malformed", message: "not JSON")],
            lastEvent: "invalid", updatedAt: instant(5))
        try store.write { try $0.save(record) }
        #expect(try store.read { try $0.application(id: "BAD-1") } == record)
    }

    @Test func unknownApplicationIsNil() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        #expect(try store.read { try $0.application(id: "nope") } == nil)
    }

    @Test func savingAgainReplacesAndDropsMattersNoLongerListed() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        var record = fullRecord()
        try store.write { try $0.save(record) }
        record.matters.remove(at: 1)
        record.matters.append(sampleMatter("M07", department: "civil"))
        record.document = ["changed": true]
        record.state = .inProgress
        try store.write { try $0.save(record) }
        let loaded = try store.read { try $0.application(id: record.id) }
        #expect(loaded == record)
        #expect(loaded?.matters.map(\.code) == ["M10", "M05", "M07"])
    }

    @Test func savingWithPreviousWritesTheSameResult() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let original = fullRecord()
        try store.write { try $0.save(original) }

        // Progress only: document untouched, one matter changed.
        var progressed = original
        progressed.matters[1].state = .sent
        progressed.matters[1].sentAt = instant(50)
        progressed.matters[1].revision = 1
        progressed.updatedAt = instant(50)
        progressed.nextTimerAt = nil
        // The application's pause ended (deadline moved out by it) and it went overdue.
        progressed.supplementSince = nil
        progressed.deadline = progressed.deadline?.addingTimeInterval(30)
        progressed.overdueNotified = true
        try store.write { writer throws in
            let previous = try writer.application(id: original.id)
            try writer.save(progressed, previous: previous)
        }
        #expect(try store.read { try $0.application(id: original.id) } == progressed)

        // A supplement: document changed, a matter dropped, one reordered in.
        var supplemented = progressed
        supplemented.document = ["supplemented": "yes"]
        supplemented.errors = []
        supplemented.matters = [progressed.matters[2], progressed.matters[0], sampleMatter("M08", department: "tax")]
        try store.write { try $0.save(supplemented, previous: progressed) }
        #expect(try store.read { try $0.application(id: original.id) } == supplemented)
    }

    @Test func savingWithPreviousOfAnUnstoredApplicationIsNotFound() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let record = sampleRecord(id: "A1")
        var next = record
        next.state = .completed
        #expect(storeError { try store.write { try $0.save(next, previous: record) } }
                == .notFound("application A1 (saved with a previous version, but not stored)"))
    }

    @Test func unreadableStoredValueIsInvalidData() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { try $0.save(sampleRecord(id: "A1")) }
        let connection = try Connection(path: directory.path(), readOnly: false, busyTimeout: .seconds(1))
        try connection.execute("UPDATE applications SET state = 'from-the-future' WHERE id = 'A1'")
        let error = storeError { _ = try store.read { try $0.application(id: "A1") } }
        #expect(error == .invalidData("column applications.state holds unknown value \"from-the-future\""))
        try connection.execute("UPDATE applications SET state = 'accepted', document = '{broken' WHERE id = 'A1'")
        guard case .invalidData(let message) = storeError({ _ = try store.read { try $0.application(id: "A1") } }) else {
            Issue.record("expected invalidData for broken JSON")
            return
        }
        #expect(message.contains("document"))
    }

    @Test func historyKeepsOrderAndFields() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let entries = [
            HistoryEntry(applicationID: "A1", at: instant(1), kind: "submitted", eventID: "ce-1", detail: "Submitted."),
            HistoryEntry(applicationID: "A1", at: instant(2), kind: "request-sent", matter: "M10", eventID: "A1:M10:r1", detail: "Sent."),
            HistoryEntry(applicationID: "A2", at: instant(2), kind: "submitted", detail: "Other."),
            HistoryEntry(applicationID: "A1", at: instant(1.5), kind: "reply-late", matter: "M10", detail: "Late."),
        ]
        try store.write { writer throws in
            for entry in entries { try writer.appendHistory(entry) }
            try writer.recordReveal(applicationID: "A1", operatorName: "张三", account: "zhang", reason: "投诉核查 complaint 17",
                                    at: instant(3))
        }
        let history = try store.read { try $0.history(applicationID: "A1") }
        #expect(history.count == 4)
        #expect(Array(history.prefix(3)) == [entries[0], entries[1], entries[3]], "insertion order, not time order")
        #expect(history[3].kind == "reveal")
        #expect(history[3].detail.contains("张三") && history[3].detail.contains("zhang"))
        #expect(history[3].detail.contains("complaint 17"))
        #expect(history[3].at == instant(3))
    }
}
