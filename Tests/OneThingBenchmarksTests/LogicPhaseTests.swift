import Foundation
import Testing
import OneThingExchange
import OneThingHub
import OneThingKafka
@testable import OneThingBenchmarks

/// The logic phase runs the pipeline's own router and engine: the workload's applications
/// complete, what the router refuses is counted and not applied, and the row says when
/// the figure would be meaningless.
@Suite("Logic phase")
struct LogicPhaseTests {
    static let flow: Flow = {
        let topics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topics").path
        do {
            return try HubCatalogue.servedFlow(of: HubCatalogue.load(directory: topics))
        } catch {
            preconditionFailure("the catalogue does not load: \(error)")
        }
    }()

    @Test func everyApplicationOfTheWorkloadCompletes() throws {
        let applications = BenchWorkload.make(flow: Self.flow, count: 20, prefix: "LT", seed: 5, withPlans: false)
        let result = try BenchLogicPhase(flow: Self.flow, applications: applications, timeScale: 1).run()
        #expect(result.figures.applications == 20)
        #expect(result.figures.completed == 20)
        #expect(result.figures.deadLettered == 0)
        // Every application's intake, then at least one reply per application.
        #expect(result.figures.consumed > 2 * 20)
        #expect(result.didWholeLifecycle)
        var report = BenchReport()
        result.addRows(to: &report, processCPUPerApplication: nil)
        #expect(report.rows.map(\.key) == ["logic.cpuMicrosecondsPerApplication"])
        #expect(report.missedTargets.isEmpty)
    }

    @Test func refusedMessagesAreCountedNotApplied() throws {
        let applications = BenchWorkload.make(flow: Self.flow, count: 2, prefix: "LR", seed: 6, withPlans: false)
        let approvals = try BenchApprovals(flow: Self.flow)
        let garbage = ConsumedMessage(topic: Self.flow.topics.applications, partition: 0, offset: 9, key: Array("GX-X".utf8),
                                      value: Array("not an event".utf8), headers: [], timestamp: nil)
        let intake = [BenchLogicPhase.consumed(applications[0].message, offset: 0), garbage,
                      BenchLogicPhase.consumed(applications[1].message, offset: 1)]
        var answered = 0
        let figures = HubLogicProbe(engine: HubEngine(flow: Self.flow)).run(intake: intake, now: Date()) { message in
            guard let department = approvals.departmentOfRequestTopic[message.topic],
                  message.header("ce_type") == Self.flow.eventTypes.request,
                  let id = message.header("ce_id").flatMap(RequestID.init(parsing:)),
                  let reply = try? approvals.reply(department: department, matter: id.matter, requestID: id) else { return nil }
            answered += 1
            return BenchLogicPhase.consumed(reply, offset: Int64(answered))
        }
        #expect(figures.applications == 2)
        #expect(figures.completed == 2)
        #expect(figures.deadLettered == 1)
        #expect(figures.consumed == 2 + answered)
        // Every request answered, plus at least one status snapshot per input.
        #expect(figures.produced >= answered + figures.consumed)
    }

    @Test func anIncompleteLifecycleMarksTheLogicRowMissed() {
        let figures = HubLogicProbe.Figures(applications: 3, completed: 2, consumed: 9, produced: 9, deadLettered: 0,
                                            cpu: .milliseconds(3))
        let result = BenchLogicPhase.Result(figures: figures, answering: .zero)
        var report = BenchReport()
        result.addRows(to: &report, processCPUPerApplication: 0.002)
        #expect(report.missedTargets.count == 1)
        #expect(report.rows[0].target.contains("% of the process CPU per application"))
    }
}
