import Foundation
import Testing
import OneThingExchange
@testable import OneThingStore
import OneThingTestSupport

/// Saving with the previous version writes only the columns that changed: every field,
/// changed on its own, must still come back from the store as saved.
@Suite struct PartialUpdateTests {
    /// One change per field of the record and of a matter.
    static let changes: [(String, @Sendable (inout ApplicationRecord) -> Void)] = [
        ("state", { $0.state = .awaitingSupplement }),
        ("acceptedAt", { $0.acceptedAt = instant(5) }),
        ("deadline", { $0.deadline = instant(99) }),
        ("outcome", { $0.outcome = .partiallyCompleted }),
        ("lastEvent", { $0.lastEvent = "matter-sent" }),
        ("lastEventMatter", { $0.lastEventMatter = "M01" }),
        ("updatedAt", { $0.updatedAt = instant(7) }),
        ("nextTimerAt", { $0.nextTimerAt = instant(8) }),
        ("supplementSince", { $0.supplementSince = instant(9) }),
        ("overdueNotified", { $0.overdueNotified = true }),
        ("matter.state", { $0.matters[1].state = .approved }),
        ("matter.department", { $0.matters[1].department = "police" }),
        ("matter.revision", { $0.matters[1].revision = 3 }),
        ("matter.requestID", { $0.matters[1].requestID = "GX-P:M01:r3" }),
        ("matter.sentAt", { $0.matters[1].sentAt = instant(10) }),
        ("matter.lastSentAt", { $0.matters[1].lastSentAt = instant(11) }),
        ("matter.receivedAt", { $0.matters[1].receivedAt = instant(12) }),
        ("matter.finalAt", { $0.matters[1].finalAt = instant(13) }),
        ("matter.deadline", { $0.matters[1].deadline = instant(14) }),
        ("matter.supplementSince", { $0.matters[1].supplementSince = instant(15) }),
        ("matter.pausedSeconds", { $0.matters[1].pausedSeconds = 2.5 }),
        ("matter.resends", { $0.matters[1].resends = 2 }),
        ("matter.stalled", { $0.matters[1].stalled = true }),
        ("matter.dueSoonNotified", { $0.matters[1].dueSoonNotified = true }),
        ("matter.overdueNotified", { $0.matters[1].overdueNotified = true }),
        ("matter.outputs", { $0.matters[1].outputs = JSONObject([("certificateNo", .string("TX-1"))]) }),
        ("matter.reason", { $0.matters[1].reason = "请补充材料" }),
    ]

    @Test func everyFieldChangedAloneIsStored() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        for (index, change) in Self.changes.enumerated() {
            let id = "GX-P-\(index)"
            let original = sampleRecord(id: id)
            try store.write { try $0.save(original) }
            var changed = original
            change.1(&changed)
            try store.write { try $0.save(changed, previous: original) }
            let reopened = try CorrelationStore(path: directory.path(), recordCacheCapacity: 0)
            let loaded = try reopened.read { try $0.application(id: id) }
            #expect(loaded == changed, "\(change.0)")
        }
    }

    @Test func savingAnUnchangedRecordStillFindsItsRow() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let record = sampleRecord(id: "GX-P-SAME")
        try store.write { try $0.save(record) }
        try store.write { try $0.save(record, previous: record) }
        var missing = sampleRecord(id: "GX-P-MISSING")
        let previous = missing
        missing.lastEvent = "matter-sent"
        #expect(storeError { try store.write { try $0.save(missing, previous: previous) } } != nil,
                "saving against a previous version that was never stored is reported")
    }

    /// The update's key (table and mask of changed columns) alone makes its SQL.
    @Test func anUpdateKeySpellsItsOwnStatement() {
        #expect(HotStatement.update(.matters, columns: 0b101).sql
                == "UPDATE matters SET position = ?3, state = ?4 WHERE application_id = ?1 AND code = ?2")
        #expect(HotStatement.update(.applications, columns: 1 << 9).sql
                == "UPDATE applications SET overdue_notified = ?2 WHERE id = ?1")
        #expect(HotStatement.update(.applications, columns: 0).sql == "UPDATE applications SET id = id WHERE id = ?1")
    }
}
