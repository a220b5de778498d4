import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

@Suite("End to end: supplements, silence and time limits")
struct SupplementAndTimerEndToEndTests {
    static let phoneChange = JSONObject([("applicant", .object(JSONObject([("phone", .string("13907719999"))])))])

    @Test func supplementIsResentAsTheNextRevisionWithTheDeadlineMoved() async throws {
        let bed = try HubTestBed(script: { request, copy in
            guard copy == 1 else { return [] }
            if request.matter == "M10" && request.revision == 1 { return [.received, .supplementRequired(reason: "请补充户口簿")] }
            return [.received, .approved(outputs: MatterOutputs.approved(request.matter))]
        })
        try bed.startHub()
        let id = "GX-E2E-SUP"
        try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id)
        let waiting = try #require(try await bed.waitFor(id) { $0.state == .awaitingSupplement })
        let originalDeadline = try #require(waiting.matter("M10")?.deadline)

        // An invalid supplement is answered, and the matter keeps waiting.
        let bad = JSONObject([("applicant", .object(JSONObject([("phone", .string("999"))])))])
        try await bed.channel.supplement(id: id, matter: "M10", changes: bad)
        #expect(try await eventually { bed.statusEvents(id).contains("supplement-invalid") })
        #expect(try bed.record(id)?.matter("M10")?.state == .supplementRequired)

        try await Task.sleep(for: .milliseconds(200))   // a measurable pause
        try await bed.channel.supplement(id: id, matter: "M10", changes: Self.phoneChange)
        #expect(try await bed.waitForOutcome(id) == .completed)
        let record = try #require(try bed.record(id))
        let m10 = try #require(record.matter("M10"))
        #expect(m10.revision == 2)
        #expect(m10.pausedSeconds >= 0.2)
        let moved = try #require(m10.deadline)
        #expect(abs(moved.timeIntervalSince(originalDeadline) - m10.pausedSeconds) < 0.01)
        // Distinct ids in order: on a loaded machine an acknowledgement can miss the scaled
        // timeout, and a resend repeats the same id (allowed, and dropped by departments).
        var seen: Set<String> = []
        let m10Requests = bed.departments.requests.current.filter { $0.hasPrefix("\(id):M10:") && seen.insert($0).inserted }
        #expect(m10Requests == ["\(id):M10:r1", "\(id):M10:r2"])
        #expect(try await eventually { bed.statusEvents(id).contains("supplement-accepted") })

        // A reply to the superseded revision is stale: recorded, no effect.
        try await bed.departments.reply(to: RequestID(applicationID: id, matter: "M10", revision: 1),
                                        decision: .rejected(reason: "旧请求"))
        #expect(try await eventually { try bed.history(id).contains { $0.kind == "reply-stale" } })
        #expect(try bed.record(id)?.outcome == .completed)
        await bed.shutdown()
    }

    @Test func silenceGivesThreeResendsWithTheSameIdThenStalledAndALateReplyStillCounts() async throws {
        let bed = try HubTestBed(timeScale: 0.0005, script: { request, copy in
            if request.matter == "M10" { return [] }   // the police system is down
            return copy == 1 ? [.received, .approved(outputs: MatterOutputs.approved(request.matter))] : []
        })
        try bed.startHub()
        let id = "GX-E2E-SILENT"
        try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id)
        let stalled = try await bed.waitFor(id) { $0.matter("M10")?.stalled == true }
        #expect(stalled?.matter("M10")?.resends == 3)
        #expect(try await eventually { bed.departments.requests.current.count == 4 })
        #expect(bed.departments.requests.current == Array(repeating: "\(id):M10:r1", count: 4))
        #expect(try await eventually { bed.statusEvents(id).contains("matter-stalled") })
        try await Task.sleep(for: .milliseconds(700))   // longer than another acknowledgement timeout
        #expect(bed.statusEvents(id).filter { $0 == "matter-stalled" }.count == 1)
        #expect(bed.departments.requests.current.count == 4)

        try await bed.departments.reply(to: RequestID(applicationID: id, matter: "M10", revision: 1),
                                        decision: .approved(outputs: MatterOutputs.approved("M10")))
        #expect(try await bed.waitForOutcome(id) == .completed)
        await bed.shutdown()
    }

    @Test func dueSoonThenOverdueUnderASmallTimeScale() async throws {
        // M10's 1 working day runs to 24:00 of the next working day: 1 to 4 calendar days
        // on ordinary weeks (x 0.00002 = 1.7 to 7 s), up to 11 before the Spring Festival;
        // due soon at 80 % of that span.
        let bed = try HubTestBed(timeScale: 0.00002, script: { request, copy in
            copy == 1 ? [.received] : []
        })
        try bed.startHub()
        let id = "GX-E2E-LATE"
        try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id)
        #expect(try await eventually(within: .seconds(40)) { bed.statusEvents(id).contains("matter-overdue") })
        let events = bed.statusEvents(id)
        let dueSoon = try #require(events.firstIndex(of: "matter-due-soon"))
        let overdue = try #require(events.firstIndex(of: "matter-overdue"))
        #expect(dueSoon < overdue)
        let record = try #require(try bed.record(id))
        #expect(record.matter("M10")?.dueSoonNotified == true)
        #expect(record.matter("M10")?.overdueNotified == true)
        let overdueList = try bed.store.read { try $0.deadlineMatters(now: Date(), dueSoonFraction: 0.8) }
        #expect(overdueList.contains { $0.applicationID == id && $0.matter == "M10" && $0.overdue })
        await bed.shutdown()
    }

    @Test func applicationDeadlineIsPublishedOnceWithANullMatter() async throws {
        // 15 working days (21 to 30 calendar days) x 0.000002 = 3.6 to 5.2 s; the departments
        // only acknowledge, so it never finishes.
        let bed = try HubTestBed(timeScale: 0.000002, script: { request, copy in
            copy == 1 ? [.received] : []
        })
        try bed.startHub()
        let id = "GX-E2E-APP-LATE"
        try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id)
        let wholeApplication: ([JSONObject]) -> [JSONObject] = { statuses in
            statuses.filter { $0["event"] == .string("matter-overdue") && $0["matter"] == .null }
        }
        #expect(try await eventually(within: .seconds(30)) { !wholeApplication(bed.statuses(id)).isEmpty })
        try await Task.sleep(for: .seconds(1))   // several timer rounds later: still once
        #expect(wholeApplication(bed.statuses(id)).count == 1)
        let record = try #require(try bed.record(id))
        #expect(record.overdueNotified)
        #expect(record.outcome == nil)
        let listed = try bed.store.read { try $0.overdueApplications(now: Date()) }
        #expect(listed.map(\.applicationID) == [id])
        #expect(listed.first?.notified == true)
        await bed.shutdown()
    }
}
