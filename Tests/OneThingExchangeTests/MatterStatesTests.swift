import Testing
@testable import OneThingExchange

/// The planner's view of an application's matter states, kept in arrays: it must behave
/// as the dictionary it replaced.
@Suite struct MatterStatesTests {
    @Test func readsWritesAndRemovesLikeADictionary() {
        var states = MatterStates(capacity: 2)
        #expect(states["M10"] == nil)
        states["M10"] = .sent
        states["M01"] = .waiting
        states["M10"] = .approved
        #expect(states["M10"] == .approved)
        #expect(states["M01"] == .waiting)
        states["M01"] = nil
        #expect(states["M01"] == nil)
        #expect(states == MatterStates(["M10": .approved]))
        #expect(MatterStates(["M10": .approved, "M01": .rejected])["M01"] == .rejected)
        var reordered = MatterStates()
        reordered["M01"] = .rejected
        reordered["M10"] = .approved
        #expect(reordered == MatterStates(["M10": .approved, "M01": .rejected]))
        #expect(reordered != MatterStates(["M10": .approved, "M01": .approved]))
    }

    @Test func thePlannerAnswersAlikeForBothForms() throws {
        let flow = try #require(Fixtures.retirement)
        let plan = MatterPlan(applicable: ["M10", "M01", "M05"], notApplicable: [])
        let dictionary: [String: MatterState] = ["M10": .approved, "M01": .rejected]
        let arrays = MatterStates(dictionary)
        #expect(flow.readyToSend(plan, states: dictionary) == flow.readyToSend(plan, states: arrays))
        #expect(flow.cancellations(plan, states: dictionary) == flow.cancellations(plan, states: arrays))
        #expect(flow.unfinished(plan, states: dictionary) == flow.unfinished(plan, states: arrays))
        #expect(flow.outcome(plan, states: dictionary) == flow.outcome(plan, states: arrays))
    }
}
