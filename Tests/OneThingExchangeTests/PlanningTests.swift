import Testing
@testable import OneThingExchange

/// Applicability, dependency order through groups, soft `after` edges, transitive
/// cancellation and every outcome.
@Suite struct PlanningTests {
    let flow: Flow
    init() throws { flow = try #require(Fixtures.retirement) }

    func plan(_ document: JSONValue) throws -> MatterPlan {
        flow.plan(try #require(flow.validate(document).application, "\(flow.validate(document).issues)"))
    }

    @Test func exampleNeedsEveryMatterButTheOtherEligibilityRoutes() throws {
        let plan = try plan(Applications.example)
        #expect(plan.applicable == ["M10", "M01", "M04", "M05", "M06", "M07", "M08", "M09"])
        #expect(plan.notApplicable.map(\.matter) == ["M02", "M03"])
        #expect(plan.notApplicable.first?.reason == "retirement type is not special-work")
    }

    @Test func applicabilityFollowsTheForm() throws {
        let minimal = try plan(Applications.with(["pension": ["deemedPeriods": .null], "medical": ["claimDeemedYears": false],
                                                  "housingFund": .null, "familyPlanning": .null]))
        #expect(minimal.applicable == ["M10", "M01", "M05", "M06"])
        #expect(Set(minimal.notApplicable.map(\.matter)) == ["M02", "M03", "M04", "M07", "M08", "M09"])

        let fiscal = try plan(Applications.setting("employer.fiscalFunded", true))
        #expect(!fiscal.applicable.contains("M09"))
        #expect(fiscal.notApplicable.contains(NotApplicable(matter: "M09", reason: "employer is fiscal-funded")))

        let special = try plan(RequestTests.document(for: "M02"))
        #expect(special.applicable.contains("M02") && !special.applicable.contains("M01"))
        let disability = try plan(RequestTests.document(for: "M03"))
        #expect(disability.applicable.contains("M03") && !disability.applicable.contains("M01"))

        let noMedicalClaim = try plan(Applications.setting("medical.claimDeemedYears", false))
        #expect(noMedicalClaim.applicable.contains("M04") && !noMedicalClaim.applicable.contains("M07"))
    }

    @Test func mattersGoOutInDependencyOrder() throws {
        let plan = try plan(Applications.example)
        var states: [String: MatterState] = [:]
        #expect(flow.readyToSend(plan, states: states) == ["M10"])
        states["M10"] = .sent
        #expect(flow.readyToSend(plan, states: states).isEmpty)
        states["M10"] = .approved
        #expect(flow.readyToSend(plan, states: states) == ["M01", "M04"])
        states["M01"] = .approved
        // M05 waits for M04 to be final (soft edge); M06 waits for M07; M07 requires M04.
        #expect(flow.readyToSend(plan, states: states) == ["M04", "M08", "M09"])
        states["M04"] = .received
        states["M08"] = .sent
        states["M09"] = .sent
        #expect(flow.readyToSend(plan, states: states).isEmpty)
        states["M04"] = .approved
        #expect(flow.readyToSend(plan, states: states) == ["M05", "M07"])
        states["M05"] = .sent
        states["M07"] = .rejected
        // A rejected `after` prerequisite is final: M06 goes anyway.
        #expect(flow.readyToSend(plan, states: states) == ["M06"])
    }

    @Test func softAfterEdgeAcceptsACancelledOrRejectedPrerequisite() throws {
        let plan = try plan(Applications.example)
        var states: [String: MatterState] = ["M10": .approved, "M01": .approved, "M04": .rejected]
        #expect(flow.readyToSend(plan, states: states).contains("M05"))
        #expect(flow.cancellations(plan, states: states) == ["M07"])
        states["M07"] = .cancelled
        #expect(flow.readyToSend(plan, states: states).contains("M06"))
    }

    @Test func prerequisitesThatDoNotApplyCountAsAbsent() throws {
        let plan = try plan(Applications.with(["pension": ["deemedPeriods": []], "medical": ["claimDeemedYears": false]]))
        let states: [String: MatterState] = ["M10": .approved, "M01": .approved]
        #expect(flow.readyToSend(plan, states: states) == ["M05", "M06", "M08", "M09"])
    }

    @Test func rejectionCancelsEverythingThatRequiresItTransitively() throws {
        let plan = try plan(Applications.example)
        let states: [String: MatterState] = ["M10": .rejected]
        #expect(flow.cancellations(plan, states: states) == ["M01", "M04", "M05", "M06", "M07", "M08", "M09"])
        let afterEligibility: [String: MatterState] = ["M10": .approved, "M01": .rejected, "M04": .sent]
        #expect(flow.cancellations(plan, states: afterEligibility) == ["M05", "M06", "M08", "M09"])
        let deemed: [String: MatterState] = ["M10": .approved, "M01": .approved, "M04": .cancelled]
        #expect(flow.cancellations(plan, states: deemed) == ["M07"])
        // Final matters are never cancelled.
        let finished: [String: MatterState] = ["M10": .approved, "M01": .approved, "M04": .rejected, "M07": .approved]
        #expect(flow.cancellations(plan, states: finished).isEmpty)
    }

    func allFinal(_ plan: MatterPlan, _ state: MatterState = .approved, except: [String: MatterState] = [:]) -> [String: MatterState] {
        Dictionary(uniqueKeysWithValues: plan.applicable.map { ($0, except[$0] ?? state) })
    }

    @Test func outcomes() throws {
        let plan = try plan(Applications.example)
        #expect(flow.outcome(plan, states: [:]) == nil)
        #expect(flow.outcome(plan, states: allFinal(plan, except: ["M09": .sent])) == nil)
        #expect(flow.outcome(plan, states: allFinal(plan, except: ["M09": .supplementRequired])) == nil)
        #expect(flow.outcome(plan, states: allFinal(plan)) == .completed)
        #expect(flow.outcome(plan, states: allFinal(plan, except: ["M09": .rejected])) == .partiallyCompleted)
        #expect(flow.outcome(plan, states: allFinal(plan, except: ["M07": .cancelled])) == .partiallyCompleted)
        #expect(flow.outcome(plan, states: allFinal(plan, .cancelled, except: ["M10": .rejected])) == .rejected)
        #expect(flow.outcome(plan, states: allFinal(plan, .cancelled, except: ["M10": .approved, "M01": .rejected, "M04": .approved])) == .rejected)
        let special = try self.plan(RequestTests.document(for: "M02"))
        #expect(flow.outcome(special, states: allFinal(special, except: ["M02": .rejected])) == .rejected)
        #expect(Outcome.withdrawn.applicationState == .withdrawn)
    }

    @Test func withdrawalCancelsWhatIsNotFinal() throws {
        let plan = try plan(Applications.example)
        let states: [String: MatterState] = ["M10": .approved, "M01": .received, "M04": .rejected]
        #expect(flow.unfinished(plan, states: states) == ["M01", "M05", "M06", "M07", "M08", "M09"])
    }

    @Test func matterStatesAndRequestIDs() {
        #expect(MatterState.allCases.filter(\.isFinal) == [.approved, .rejected, .cancelled])
        #expect(MatterState.supplementRequired.rawValue == "supplement-required")
        let id = RequestID(applicationID: "GX-1", matter: "M05", revision: 3)
        #expect(id.description == "GX-1:M05:r3")
        #expect(RequestID(parsing: "GX-1:M05:r3") == id)
        for bad in ["GX-1:M05", "GX-1:M05:3", "GX-1:M05:r0", "GX-1:M05:r", ":M05:r1", "GX-1::r1", "a:b:c:r1", "GX-1:M05:r+1", "GX-1:M05:r١"] {
            #expect(RequestID(parsing: bad) == nil, "\(bad)")
        }
        #expect(ReplyDecision.interfaceFailure(code: "1", message: "").matterState == nil)
        #expect(ReplyDecision.approved(outputs: JSONObject()).matterState == .approved)
    }
}
