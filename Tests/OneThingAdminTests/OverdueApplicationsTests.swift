import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingAdmin
import OneThingTestSupport

/// `hubctl overdue` lists open applications past their own deadline after the
/// department sections, without changing those.
@Suite struct OverdueApplicationsTests {
    /// The standard fixture plus two open applications past their overall deadline: one
    /// running and announced, one waiting for a supplement that began after the deadline.
    private func fixtureWithLateApplications() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let now = fixture.now
        var late = ApplicationRecord(
            id: "GX-LATE-6", flow: "retirement", state: .inProgress, document: ["applicationId": "GX-LATE-6"],
            contentDigest: "sha256:late", submittedEventID: "ev-late-6", acceptedAt: now - 16 * day,
            deadline: now - day,
            matters: [MatterRecord(code: "M10", department: "police", state: .approved, revision: 1,
                                   sentAt: now - 16 * day, finalAt: now - 15 * day, deadline: now - 15 * day)],
            lastEvent: "matter-overdue", updatedAt: now - day)
        late.overdueNotified = true
        var paused = late
        paused.id = "GX-LATE-7"
        paused.state = .awaitingSupplement
        paused.acceptedAt = now - 20 * day
        paused.deadline = now - 5 * day
        paused.supplementSince = now - 2 * day
        paused.overdueNotified = false
        try fixture.store().write { writer in
            try writer.save(late)
            try writer.save(paused)
        }
        return fixture
    }

    @Test func textListsLateApplicationsAfterTheDepartments() throws {
        let fixture = try fixtureWithLateApplications()
        let result = try fixture.hubctl("overdue")
        #expect(result.status == 0)
        let text = result.standardOutput
        // The department sections are as before.
        #expect(section("medicare: 1 overdue, 0 due soon", in: text).count == 2)
        #expect(section("hrss: 0 overdue, 1 due soon", in: text).first
                == "  APPLICATION  MATTER  STATE  SENT                 DEADLINE             USED  WHEN       STATUS")
        let applications = section("applications: 2 past the application deadline", in: text)
        #expect(applications.count == 3)
        #expect(applications.first?.hasPrefix("  APPLICATION  STATE                ACCEPTED") == true)
        #expect(applications[1].hasPrefix("  GX-LATE-7    awaiting-supplement  ") == true, "earliest deadline first")
        #expect(applications[1].hasSuffix("overdue by 5d 00h  OVERDUE, clock paused") == true)
        #expect(applications[2].hasPrefix("  GX-LATE-6    in-progress  ") == true)
        #expect(applications[2].hasSuffix("overdue by 1d 00h  OVERDUE") == true)
        #expect(text.hasSuffix("OVERDUE\n"), "the applications come last")
        #expect(!text.contains("GX-OPEN-1    in-progress"), "an application within its 15 days is not listed")
    }

    @Test func jsonHasAnApplicationsArrayAndTheDepartmentFilterLeavesItOut() throws {
        let fixture = try fixtureWithLateApplications()
        let json = try fixture.hubctl("overdue", "--json").json()
        #expect(json.array("departments").count == 2)
        let applications = json.array("applications")
        #expect(applications.map { $0.string("applicationId") ?? "" } == ["GX-LATE-7", "GX-LATE-6"])
        #expect(applications.first?.bool("clockPaused") == true)
        #expect(applications.first?.bool("announced") == false)
        #expect(applications.last?.bool("announced") == true)
        #expect(applications.last?.string("state") == "in-progress")

        let filtered = try fixture.hubctl("overdue", "--department", "police", "--json").json()
        #expect(filtered["applications"] == nil)
        let none = try fixture.hubctl("overdue", "--department", "police")
        #expect(none.standardOutput == "No open matter is overdue or due soon in department police.\n")
    }

    @Test func onlyLateApplicationsStillGetTheirSection() throws {
        let directory = try TemporaryDirectory()
        let store = try CorrelationStore(path: directory.path())
        let now = Date()
        try store.write { writer in
            try writer.save(ApplicationRecord(
                id: "GX-ONLY-8", flow: "retirement", state: .accepted, document: .null, contentDigest: "sha256:only",
                submittedEventID: "ev-only-8", acceptedAt: now - 16 * day, deadline: now - day,
                lastEvent: "accepted", updatedAt: now - 16 * day))
        }
        let result = try Hubctl.run(["--store", directory.path(), "overdue"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("applications: 1 past the application deadline\n"))
        #expect(result.standardOutput.contains("GX-ONLY-8"))
    }
}
