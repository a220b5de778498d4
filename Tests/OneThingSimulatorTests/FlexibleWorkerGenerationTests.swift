import Foundation
import OneThingExchange
import Testing
@testable import OneThingSimulator

/// The generator makes flexible workers (灵活就业人员): no employer, `insuredCategory`
/// flexible, valid, and the family-planning reward listed as not applicable.
@Suite struct FlexibleWorkerGenerationTests {
    @Test func flexibleWorkersAreValidWithoutAnEmployerAndGetNoReward() throws {
        let flow = try #require(TestCatalogue.flow)
        var generator = ApplicationGenerator(seed: 7)
        let generated = generator.make(ApplicationOptions(familyPlanning: true, fiscalFundedEmployer: true, flexibleWorker: true))
        let document = try #require(generated.document.objectValue)
        #expect(document["employer"] == nil)
        #expect(document["insuredCategory"] == .string("flexible"))
        #expect(!generated.options.fiscalFundedEmployer)
        guard case .valid(let application) = flow.validate(generated.document) else {
            Issue.record("a generated flexible worker is invalid: \(flow.validate(generated.document))")
            return
        }
        let plan = flow.plan(application)
        #expect(plan.notApplicable.contains { $0.matter == "M09" && $0.reason.contains("flexible") })
    }

    @Test func theRandomMixHasFlexibleWorkersAndEmployees() throws {
        let flow = try #require(TestCatalogue.flow)
        var generator = ApplicationGenerator(seed: 42)
        var flexible = 0, employees = 0
        for _ in 0..<300 {
            let generated = generator.next()
            guard case .valid = flow.validate(generated.document) else {
                Issue.record("generated \(generated.id) is invalid")
                continue
            }
            let hasEmployer = generated.document.objectValue?["employer"] != nil
            #expect(hasEmployer != generated.options.flexibleWorker)
            if generated.options.flexibleWorker { flexible += 1 } else { employees += 1 }
        }
        #expect(flexible >= 10 && employees >= 200, "flexible \(flexible), employees \(employees)")
    }
}

extension FlexibleWorkerGenerationTests {
    @Test func theDemoSubmitsFlexibleWorkersAndItsSummarySaysHowMany() throws {
        let flow = try #require(TestCatalogue.flow)
        let plan = DemoPlan.make(flow: flow, count: 120, seed: 11, timeScale: 1e-4)
        let flexible = plan.applications.filter(\.options.flexibleWorker)
        #expect(!flexible.isEmpty)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let submitted = Dictionary(uniqueKeysWithValues: plan.applications.map { ($0.id, start) })
        let report = DemoReport(plan: plan, tracked: [:], submittedAt: submitted, startedAt: start, elapsed: .seconds(1),
                                timeScale: 1e-4, departments: SimulatorStatistics(), channel: ChannelReactions.Figures(), flow: flow)
        #expect(report.flexibleWorkers == flexible.count)
        #expect(report.render().contains("applicants: \(120 - flexible.count) employees, \(flexible.count) flexible workers"))
        #expect(report.render().contains("the commitment, 15 个工作日 (15 working days) from the start"))
    }
}
