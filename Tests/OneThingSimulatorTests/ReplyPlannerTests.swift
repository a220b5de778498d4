import Foundation
import OneThingExchange
import Testing
@testable import OneThingSimulator

/// Decisions without Kafka: rates, determinism, rules, revisions.
@Suite struct ReplyPlannerTests {
    func request(_ application: String, _ matter: String, revision: Int = 1, department: String = "hrss") -> IncomingRequest {
        let id = RequestID(applicationID: application, matter: matter, revision: revision)
        return IncomingRequest(eventID: id.description, requestID: id, department: department, matter: matter,
                               applicationID: application, facts: RequestFacts(body: Array("{}".utf8), contentType: "application/json"))
    }

    func decisions(_ planner: ReplyPlanner, count: Int, revision: Int = 1) -> [ReplyDecision?] {
        let today = CivilDate(year: 2026, month: 11, day: 23)!
        return (0..<count).map { index in
            if case .reply(let planned) = planner.plan(request("A\(index)", "M05", revision: revision), delivery: 1, today: today) {
                return planned.decision
            }
            return nil
        }
    }

    @Test func ratesAreHonouredWithASeed() throws {
        let flow = try #require(TestCatalogue.flow)
        let behaviour = SimulatorBehaviour(approveRate: 0.5, rejectRate: 0.3, supplementRate: 0.2, silenceRate: 0.1, seed: 11)
        let all = decisions(ReplyPlanner(flow: flow, behaviour: behaviour), count: 4000)
        let silent = all.filter { $0 == nil }.count
        let answered = all.compactMap { $0 }
        let rejected = answered.filter { if case .rejected = $0 { return true } else { return false } }.count
        let supplements = answered.filter { if case .supplementRequired = $0 { return true } else { return false } }.count
        let approved = answered.filter { if case .approved = $0 { return true } else { return false } }.count
        #expect(abs(Double(silent) / 4000 - 0.1) < 0.02)
        #expect(abs(Double(rejected) / Double(answered.count) - 0.3) < 0.03)
        #expect(abs(Double(supplements) / Double(answered.count) - 0.2) < 0.03)
        #expect(abs(Double(approved) / Double(answered.count) - 0.5) < 0.03)
        // Same seed, same decisions; another seed, others.
        #expect(decisions(ReplyPlanner(flow: flow, behaviour: behaviour), count: 200) == Array(all.prefix(200)))
        var other = behaviour
        other.seed = 12
        #expect(decisions(ReplyPlanner(flow: flow, behaviour: other), count: 200) != Array(all.prefix(200)))
    }

    @Test func laterRevisionsAreNeverAskedForAnotherSupplement() throws {
        let flow = try #require(TestCatalogue.flow)
        let behaviour = SimulatorBehaviour(approveRate: 0, rejectRate: 0, supplementRate: 1, seed: 1,
                                           rules: [.asksSupplement("M08")])
        let planner = ReplyPlanner(flow: flow, behaviour: behaviour)
        let today = CivilDate(year: 2026, month: 11, day: 23)!
        for revision in 2...3 {
            for matter in ["M05", "M08"] {
                guard case .reply(let planned) = planner.plan(request("B", matter, revision: revision), delivery: 1, today: today),
                      case .approved = planned.decision else {
                    Issue.record("\(matter) r\(revision) is not approved")
                    continue
                }
            }
        }
        guard case .reply(let first) = planner.plan(request("B", "M08"), delivery: 1, today: today),
              case .supplementRequired = first.decision else {
            Issue.record("M08 r1 should ask for a supplement")
            return
        }
    }

    @Test func rulesOverrideRatesForTheirMatterAndApplications() throws {
        let flow = try #require(TestCatalogue.flow)
        let behaviour = SimulatorBehaviour(approveRate: 1, rejectRate: 0, supplementRate: 0, silenceRate: 0, seed: 2,
                                           rules: [.rejects("M10"), MatterRule(matter: "M05", applicationIDs: ["X"], action: .silence)])
        let planner = ReplyPlanner(flow: flow, behaviour: behaviour)
        let today = CivilDate(year: 2026, month: 11, day: 23)!
        guard case .reply(let m10) = planner.plan(request("A", "M10", department: "police"), delivery: 1, today: today),
              case .rejected(let reason) = m10.decision else {
            Issue.record("M10 not rejected")
            return
        }
        #expect(!reason.isEmpty)
        if case .silence = planner.plan(request("X", "M05"), delivery: 1, today: today) {} else { Issue.record("X/M05 answered") }
        if case .reply = planner.plan(request("Y", "M05"), delivery: 1, today: today) {} else { Issue.record("Y/M05 silent") }
    }

    @Test func outputsArePlausibleAndDerivedFromTheRequest() throws {
        let flow = try #require(TestCatalogue.flow)
        var generator = ApplicationGenerator(seed: 8)
        let generated = generator.make(ApplicationOptions(kind: .normal, group: .man, deemedPeriods: true,
                                                          claimMedicalDeemedYears: true, housingFund: true))
        guard case .valid(let application) = flow.validate(generated.document) else {
            Issue.record("invalid application")
            return
        }
        let requested = try #require(application.document[path: "retirement.requestedDate"]?.stringValue)
        let periods = try #require(application.document[path: "pension.deemedPeriods"]?.arrayValue)
        let expectedMonths = periods.reduce(0) { total, period in
            let from = RequestFacts.monthIndex(period[path: "from"]?.stringValue ?? "") ?? 0
            let to = RequestFacts.monthIndex(period[path: "to"]?.stringValue ?? "") ?? 0
            return total + to - from + 1
        }
        let outputs = ["M10": JSONObject([("confirmationNo", "HJ1"), ("hukouRegion", "450103"), ("hukouAddress", "x")])]
        func approvedOutputs(_ matter: String, _ outputs: [String: JSONObject]) throws -> JSONObject {
            let id = RequestID(applicationID: application.id, matter: matter, revision: 1)
            let department = try #require(flow.matter(matter)?.department)
            let document = try flow.encodeRequest(matter: matter, application: application, outputs: outputs, requestID: id)
            let incoming = IncomingRequest(eventID: id.description, requestID: id, department: department, matter: matter,
                                           applicationID: application.id,
                                           facts: RequestFacts(body: document.body, contentType: document.contentType))
            let planner = ReplyPlanner(flow: flow, behaviour: SimulatorBehaviour(approveRate: 1, rejectRate: 0, supplementRate: 0))
            guard case .reply(let planned) = planner.plan(incoming, delivery: 1, today: CivilDate(year: 2026, month: 11, day: 23)!),
                  case .approved(let result) = planned.decision else { throw PlannerTestFailure() }
            // What the department writes, the hub reads back.
            let reply = try flow.encodeReply(department: department, matter: matter, requestID: id, decision: planned.decision)
            #expect(try flow.decodeReply(department: department, body: reply.body).get().decision == planned.decision)
            return result
        }
        let m01 = try approvedOutputs("M01", outputs)
        #expect(m01["retirementDate"]?.stringValue == requested)
        let m04 = try approvedOutputs("M04", outputs)
        #expect(m04["deemedMonths"]?.intValue == Int64(expectedMonths))
        var withEligibility = outputs
        withEligibility["M01"] = m01
        withEligibility["M04"] = m04
        let m05 = try approvedOutputs("M05", withEligibility)
        #expect(m05["firstPaymentMonth"]?.stringValue == CivilDate(iso: requested)?.firstOfMonth(adding: 1).monthIndex.text)
        let m07 = try approvedOutputs("M07", withEligibility)
        #expect(m07["deemedMonths"]?.intValue == Int64(expectedMonths))
        let m10 = try approvedOutputs("M10", [:])
        #expect(m10["hukouRegion"]?.stringValue == application.document[path: "handlingRegion"]?.stringValue)
        let m08 = try approvedOutputs("M08", withEligibility)
        #expect(m08["amount"]?.stringValue?.split(separator: ".").last?.count == 2)
    }
}

struct PlannerTestFailure: Error {}
