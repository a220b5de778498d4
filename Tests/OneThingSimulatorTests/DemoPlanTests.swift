import Foundation
import OneThingExchange
import Testing
@testable import OneThingSimulator

@Suite struct DemoPlanTests {
    @Test func aDemoPlanMixesEveryKindOfCase() throws {
        let flow = try #require(TestCatalogue.flow)
        let plan = DemoPlan.make(flow: flow, count: 300, seed: 1, timeScale: 1e-4)
        #expect(plan.applications.count == 300)
        #expect(Set(plan.applications.map(\.id)).count == 300)
        let invalid = plan.applications.filter { !$0.isValid }
        #expect(Set(invalid.compactMap(\.defect)) == Set(ApplicationDefect.allCases))
        for application in plan.applications {
            switch flow.validate(application.document) {
            case .valid: #expect(application.isValid, "\(application.id) should be invalid")
            case .invalid(let issues): #expect(!application.isValid, "\(application.id): \(issues)")
            }
        }
        #expect(Set(plan.applications.filter(\.isValid).map(\.options.kind)) == Set(RetirementKind.allCases))
        #expect(!plan.withdrawals.isEmpty)
        #expect(!plan.structured.isEmpty && plan.structured.count < 300)
        let actions = plan.behaviour.rules.filter { !($0.applicationIDs ?? []).isEmpty }.map(\.action)
        #expect(actions.contains { if case .reject = $0 { return true } else { return false } })
        #expect(actions.contains { if case .supplement = $0 { return true } else { return false } })
        #expect(plan.behaviour.acknowledgeFirst)
        // Same seed, same plan.
        let again = DemoPlan.make(flow: flow, count: 300, seed: 1, timeScale: 1e-4)
        #expect(again.applications.map(\.id) == plan.applications.map(\.id))
        #expect(again.withdrawals == plan.withdrawals)
    }

    @Test func statusSnapshotsAreReadAsTheContractWritesThem() throws {
        let example = """
        {"applicationId": "GX-20261122-000001", "state": "in-progress", "event": "matter-approved", "matter": "M10",
         "updatedAt": "2026-11-22T10:02:03+08:00", "acceptedAt": "2026-11-22T10:00:00+08:00",
         "deadline": "2026-12-07T10:00:00+08:00", "outcome": null, "errors": [],
         "matters": [
           {"matter": "M10", "department": "police", "state": "approved", "revision": 1,
            "deadline": "2026-11-23T10:00:00+08:00", "reason": null, "outputs": {"confirmationNo": "HJ1"}},
           {"matter": "M01", "department": "hrss", "state": "sent", "revision": 1,
            "deadline": "2026-11-27T10:02:03+08:00", "reason": null, "outputs": {}}],
         "notApplicable": [{"matter": "M09", "reason": "employer is fiscal-funded"}]}
        """
        let snapshot = try #require(StatusSnapshot(data: Array(example.utf8)))
        #expect(snapshot.applicationID == "GX-20261122-000001")
        #expect(snapshot.event == "matter-approved" && snapshot.matter == "M10")
        #expect(!snapshot.isTerminal)
        #expect(snapshot.matters.map(\.state) == ["approved", "sent"])
        #expect(snapshot.matters.first?.department == "police")
        #expect(StatusSnapshot(data: Array("not json".utf8)) == nil)
        let invalid = try #require(StatusSnapshot(data: Array(#"{"applicationId":"X","state":"invalid","event":"invalid","errors":[{"field":"applicant.idNumber","code":"checksum","message":"m"}]}"#.utf8)))
        #expect(invalid.isTerminal && invalid.errorCodes == ["checksum"])
    }

    @Test func theReportSummarisesOutcomesAndDepartments() throws {
        let flow = try #require(TestCatalogue.flow)
        let plan = DemoPlan.make(flow: flow, count: 4, seed: 2, timeScale: 1e-4)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var tracked: [String: TrackedApplication] = [:]
        var submitted: [String: Date] = [:]
        for (index, application) in plan.applications.enumerated() {
            submitted[application.id] = start
            guard index < 3 else { continue }   // the last one never finishes
            var view = TrackedApplication(state: index == 2 ? "rejected" : "completed", outcome: nil, firstSeen: start)
            view.terminalAt = start.addingTimeInterval(Double(index + 1))
            view.matters["M10"] = TrackedMatter(department: "police", sentAt: start, finalAt: start.addingTimeInterval(0.5),
                                                finalState: index == 2 ? "rejected" : "approved")
            tracked[application.id] = view
        }
        let report = DemoReport(plan: plan, tracked: tracked, submittedAt: submitted, startedAt: start, elapsed: .seconds(4),
                                timeScale: 1e-4, departments: SimulatorStatistics(), channel: ChannelReactions.Figures(), flow: flow)
        #expect(report.outcomes == ["completed": 2, "rejected": 1])
        #expect(report.unfinished == [plan.applications[3].id])
        let police = try #require(report.departments.first { $0.department == "police" })
        #expect(police.decided == 3 && police.approved == 2)
        #expect(police.medianElapsed == 0.5)
        let text = report.render()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("completed                2"), "outcome counts right-aligned under their header")
        #expect(lines.contains("unfinished               1"))
        #expect(lines.contains { $0.hasPrefix("police") && $0.contains("3      67 %  0.50 s") })
        #expect(!lines.contains { $0.hasSuffix(" ") })
        #expect(abs(report.throughput - 0.75) < 1e-9)
    }
}
