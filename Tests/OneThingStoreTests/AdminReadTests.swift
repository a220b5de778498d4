import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct AdminReadTests {
    /// Six applications: different states, update times and departments.
    private func populated() throws -> (TemporaryDirectory, CorrelationStore) {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            for (index, state) in [ApplicationState.inProgress, .completed, .inProgress, .rejected, .inProgress, .invalid].enumerated() {
                var record = sampleRecord(id: "A\(index)", updatedAt: instant(Double(index * 10)), state: state)
                if index == 4 { record.matters = [sampleMatter("M07", department: "civil")] }
                if state == .invalid { record.matters = []; record.acceptedAt = nil; record.deadline = nil }
                try writer.save(record)
            }
            // Same update time as A2: ties are broken by id, descending.
            try writer.save(sampleRecord(id: "A2b", updatedAt: instant(20), state: .inProgress))
        }
        return (directory, store)
    }

    @Test func listIsNewestFirstWithFiltersAndLimit() throws {
        let (_, store) = try populated()
        try store.read { reader throws in
            #expect(try reader.listApplications(limit: 100).map(\.id) == ["A5", "A4", "A3", "A2b", "A2", "A1", "A0"])
            #expect(try reader.listApplications(limit: 3).map(\.id) == ["A5", "A4", "A3"])
            #expect(try reader.listApplications(state: .inProgress, limit: 100).map(\.id) == ["A4", "A2b", "A2", "A0"])
            #expect(try reader.listApplications(state: .inProgress, limit: 2).map(\.id) == ["A4", "A2b"])
            #expect(try reader.listApplications(department: "civil", limit: 100).map(\.id) == ["A4"])
            #expect(try reader.listApplications(department: "medicare", limit: 100).map(\.id) == ["A3", "A2b", "A2", "A1", "A0"])
            #expect(try reader.listApplications(state: .inProgress, department: "medicare", limit: 100).map(\.id) == ["A2b", "A2", "A0"])
            #expect(try reader.listApplications(state: .withdrawn, limit: 100).isEmpty)
            let first = try #require(try reader.listApplications(state: .completed, limit: 1).first)
            #expect(first.matters.count == 3, "records come with their matters")
        }
    }

    @Test func detailHasMattersHistoryAndOrders() throws {
        let (_, store) = try populated()
        try store.write { writer throws in
            try writer.appendHistory(HistoryEntry(applicationID: "A0", at: instant(1), kind: "submitted", detail: "Submitted."))
            try writer.recordOrder(applicationID: "A0", kind: .resend(matter: "M01"), requestedBy: "ops", at: instant(2))
        }
        let detail = try #require(try store.read { try $0.applicationDetail(id: "A0") })
        #expect(detail.record.id == "A0")
        #expect(detail.record.matters.count == 3)
        #expect(detail.history.map(\.kind) == ["submitted"])
        #expect(detail.orders.map(\.kind) == [.resend(matter: "M01")])
        #expect(try store.read { try $0.applicationDetail(id: "none") } == nil)
    }

    @Test func countsByStateAndOutboxDepth() throws {
        let (_, store) = try populated()
        try store.write { writer throws in
            for _ in 0..<3 { try writer.enqueue(topic: "t", key: nil, value: [], headers: []) }
        }
        try store.read { reader throws in
            #expect(try reader.countsByState() == [.inProgress: 4, .completed: 1, .rejected: 1, .invalid: 1])
            #expect(try reader.outboxDepth() == 3)
        }
    }

    /// Limit 100 s from sent; due soon from 80 s; overdue after 100 s.
    @Test func deadlineMattersFlagDueSoonAndOverdueByDepartment() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        func matter(_ code: String, _ department: String, _ state: MatterState, sent: Double, paused: Double = 0,
                    supplementSince: Double? = nil) -> MatterRecord {
            var matter = sampleMatter(code, department: department, state: state)
            matter.sentAt = instant(sent)
            matter.deadline = instant(sent + 100 + paused)
            matter.pausedSeconds = paused
            matter.supplementSince = supplementSince.map(instant)
            if state.isFinal { matter.finalAt = instant(sent + 1) }
            return matter
        }
        var record = sampleRecord(id: "A1")
        record.matters = [
            matter("M10", "hrss", .sent, sent: 0),                   // now 90: due soon (90 >= 80)
            matter("M01", "hrss", .received, sent: -20),              // 110 elapsed: overdue
            matter("M05", "medicare", .sent, sent: 50),               // 40 elapsed: on time
            matter("M06", "medicare", .approved, sent: -500),         // final: never listed
            matter("M07", "civil", .sent, sent: -25, paused: 30),     // deadline 105, threshold 85: due soon
            matter("M08", "tax", .supplementRequired, sent: -60, supplementSince: 10), // clock stopped at 10: 70 elapsed, on time
            sampleMatter("M09", department: "tax", state: .waiting),  // no deadline
        ]
        try store.write { try $0.save(record) }

        let flagged = try store.read { try $0.deadlineMatters(now: instant(90), dueSoonFraction: 0.8) }
        #expect(flagged.map(\.matter) == ["M07", "M01", "M10"], "by department, then deadline")
        let byCode = Dictionary(uniqueKeysWithValues: flagged.map { ($0.matter, $0) })
        #expect(byCode["M10"]?.dueSoon == true)
        #expect(byCode["M10"]?.overdue == false)
        #expect(byCode["M01"]?.overdue == true)
        #expect(byCode["M01"]?.dueSoon == false)
        #expect(byCode["M07"]?.dueSoon == true)
        #expect(byCode["M07"]?.limitSeconds == 100)
        #expect(byCode["M07"]?.department == "civil")
        #expect(byCode["M10"]?.applicationID == "A1")
        #expect(byCode["M10"]?.sentAt == instant(0))
        #expect(byCode["M10"]?.deadline == instant(100))
        #expect(byCode["M10"]?.state == .sent)

        let all = try store.read { try $0.deadlineMatters(now: instant(90), dueSoonFraction: 0.8, includeOnTime: true) }
        #expect(Set(all.map(\.matter)) == ["M10", "M01", "M05", "M07", "M08"])
        let medicare = try store.read { try $0.deadlineMatters(now: instant(200), dueSoonFraction: 0.8, department: "medicare") }
        #expect(medicare.map(\.matter) == ["M05"])
        #expect(medicare.first?.overdue == true)
    }

    @Test func matterAndApplicationFigures() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        func finished(_ id: String, _ states: [MatterState], sentAt: Double, finalAfter: [Double], limit: Double = 100) -> ApplicationRecord {
            var record = sampleRecord(id: id)
            record.acceptedAt = instant(sentAt - 5)
            record.deadline = instant(sentAt + 1000)
            record.matters = zip(["M10", "M01"], zip(states, finalAfter)).map { code, pair in
                var matter = sampleMatter(code, department: "hrss", state: pair.0)
                matter.sentAt = instant(sentAt)
                matter.deadline = instant(sentAt + limit)
                if pair.0.isFinal { matter.finalAt = instant(sentAt + pair.1) }
                return matter
            }
            if states.allSatisfy(\.isFinal) {
                record.outcome = states.contains(.rejected) ? .partiallyCompleted : .completed
                record.state = record.outcome?.applicationState ?? .inProgress
            }
            return record
        }
        try store.write { writer throws in
            try writer.save(finished("A1", [.approved, .approved], sentAt: 0, finalAfter: [10, 20]))
            try writer.save(finished("A2", [.approved, .rejected], sentAt: 100, finalAfter: [30, 150]))   // M01 overdue
            try writer.save(finished("A3", [.cancelled, .sent], sentAt: 200, finalAfter: [5, 0]))          // M01 open
        }
        let figures = try store.read { try $0.matterFigures(now: instant(400)) }
        #expect(figures.map(\.matter) == ["M01", "M10"])
        let m01 = try #require(figures.first { $0.matter == "M01" })
        #expect(m01.department == "hrss")
        #expect(m01.count == 3)
        #expect(m01.approved == 1)
        #expect(m01.rejected == 1)
        #expect(m01.cancelled == 0)
        #expect(m01.open == 1)
        #expect(m01.overdue == 2, "A2 finished late, A3 open past its deadline at 400")
        #expect(m01.elapsedSeconds == [20, 150])
        let m10 = try #require(figures.first { $0.matter == "M10" })
        #expect(m10.count == 3)
        #expect(m10.approved == 2)
        #expect(m10.cancelled == 1)
        #expect(m10.overdue == 0)
        #expect(m10.elapsedSeconds == [10, 30], "cancelled ones have no result time")

        let applications = try store.read { try $0.applicationFigures() }
        #expect(applications.map(\.id) == ["A1", "A2", "A3"])
        #expect(applications[0].elapsedSeconds == 25)
        #expect(applications[0].metDeadline == true)
        #expect(applications[1].outcome == .partiallyCompleted)
        #expect(applications[1].finishedAt == instant(250))
        #expect(applications[2].finishedAt == nil)
        #expect(applications[2].elapsedSeconds == nil)
    }
}

@Suite struct OverdueApplicationReadTests {
    /// Open past the deadline: listed; paused before the deadline: not (its clock stands
    /// at the pause); paused after it: listed; final or on time or invalid: not.
    @Test func openApplicationsPastTheirDeadlineAreListedEarliestFirst() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let now = instant(20 * 86_400)
        try store.write { writer throws in
            var late = sampleRecord(id: "LATE")
            late.deadline = instant(15 * 86_400)
            late.overdueNotified = true
            try writer.save(late)
            var later = sampleRecord(id: "LATER")
            later.deadline = instant(16 * 86_400)
            later.state = .awaitingSupplement
            later.supplementSince = instant(17 * 86_400)
            try writer.save(later)
            var paused = sampleRecord(id: "PAUSED")
            paused.deadline = instant(18 * 86_400)
            paused.state = .awaitingSupplement
            paused.supplementSince = instant(10 * 86_400)
            try writer.save(paused)
            var done = sampleRecord(id: "DONE", state: .completed)
            done.outcome = .completed
            done.deadline = instant(1)
            try writer.save(done)
            var onTime = sampleRecord(id: "ONTIME")
            onTime.deadline = instant(21 * 86_400)
            try writer.save(onTime)
            var invalid = sampleRecord(id: "BAD", state: .invalid)
            invalid.acceptedAt = nil
            invalid.deadline = nil
            try writer.save(invalid)
        }
        let overdue = try store.read { try $0.overdueApplications(now: now) }
        #expect(overdue.map(\.applicationID) == ["LATE", "LATER"])
        #expect(overdue.first == OverdueApplication(applicationID: "LATE", state: .inProgress, acceptedAt: instant(0),
                                                    deadline: instant(15 * 86_400), supplementSince: nil, notified: true))
        #expect(overdue.last?.supplementSince == instant(17 * 86_400))
        #expect(overdue.last?.notified == false)
    }
}
