import Foundation
import OneThingExchange
import OneThingSupport

/// The figures of a demonstration run and their rendering as the closing summary.
public struct DemoReport: Sendable {
    public struct DepartmentFigures: Sendable {
        public var department: String
        /// Matters decided (approved or rejected) by the department.
        public var decided = 0
        public var approved = 0
        /// Seconds from sent to decision, as observed on the status topic.
        public var elapsed: [Double] = []
        public var approvalRate: Double { decided > 0 ? Double(approved) / Double(decided) : 0 }
        public var medianElapsed: Double? { DemoReport.median(elapsed) }
    }

    public let submitted: Int
    public let finished: Int
    public let outcomes: [String: Int]
    public let unfinished: [String]
    public let departments: [DepartmentFigures]
    public let elapsed: Duration
    public let timeScale: Double
    /// The flow's overall limit (the commitment to the applicant) and its span, scaled,
    /// from the run's start: what the summary states the time scale against.
    public let commitment: TimeLimit
    public let commitmentSeconds: Double
    /// Seconds from submission to final state, per application.
    public let endToEnd: [Double]
    public let events: [String: Int]
    public let simulator: SimulatorStatistics
    public let supplementsSent: Int
    public let withdrawalsSent: Int
    public let evaluationsSent: Int
    /// What the hub published on the promises' topics (nil: the flow makes none).
    public let promises: PromiseTracker.Figures?
    public let problems: [String]
    /// Submitted applications of flexible workers (no employer block).
    public let flexibleWorkers: Int

    init(plan: DemoPlan, tracked: [String: TrackedApplication], submittedAt: [String: Date], startedAt: Date,
         elapsed: Duration, timeScale: Double, departments simulator: SimulatorStatistics,
         channel: ChannelReactions.Figures, flow: Flow, promises: PromiseTracker.Figures? = nil) {
        submitted = submittedAt.count
        var outcomes: [String: Int] = [:]
        var unfinished: [String] = []
        var endToEnd: [Double] = []
        var events: [String: Int] = [:]
        var figures = Dictionary(uniqueKeysWithValues: flow.departments.map { ($0.code, DepartmentFigures(department: $0.code)) })
        for application in plan.applications where submittedAt[application.id] != nil {
            guard let view = tracked[application.id] else {
                unfinished.append(application.id)
                continue
            }
            for (event, count) in view.events { events[event, default: 0] += count }
            guard let end = view.terminalAt else {
                unfinished.append(application.id)
                continue
            }
            outcomes[view.state, default: 0] += 1
            if let start = submittedAt[application.id] { endToEnd.append(end.timeIntervalSince(start)) }
            for (_, matter) in view.matters {
                guard let final = matter.finalState, final == "approved" || final == "rejected" else { continue }
                var entry = figures[matter.department] ?? DepartmentFigures(department: matter.department)
                entry.decided += 1
                if final == "approved" { entry.approved += 1 }
                if let sent = matter.sentAt, let done = matter.finalAt { entry.elapsed.append(done.timeIntervalSince(sent)) }
                figures[matter.department] = entry
            }
        }
        finished = outcomes.values.reduce(0, +)
        self.outcomes = outcomes
        self.unfinished = unfinished.sorted()
        self.departments = flow.departments.compactMap { figures[$0.code] }
        self.elapsed = elapsed
        self.timeScale = timeScale
        commitment = flow.overallTimeLimit
        commitmentSeconds = flow.overallTimeLimit.span(from: startedAt, calendar: flow.calendar) * timeScale
        self.endToEnd = endToEnd
        self.events = events
        self.simulator = simulator
        supplementsSent = channel.supplementsSent
        withdrawalsSent = channel.withdrawalsSent
        evaluationsSent = channel.evaluationsSent
        self.promises = promises
        problems = channel.problems
        flexibleWorkers = plan.applications.filter { submittedAt[$0.id] != nil && $0.options.flexibleWorker }.count
    }

    public var seconds: Double {
        elapsed.inSeconds
    }

    /// Applications finished per second of the run.
    public var throughput: Double { seconds > 0 ? Double(finished) / seconds : 0 }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// 好差评, 一次告知 and 督办 as the hub published them.
    static func promiseLines(_ figures: PromiseTracker.Figures) -> [String] {
        let notices = figures.notices.values.reduce(0, +)
        let finals = notices - (figures.notices["accepted"] ?? 0) - (figures.notices["supplement"] ?? 0)
        let cards = figures.cardsByLevel.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let supervision = figures.supervision
        return [
            "evaluations (好差评): \(figures.evaluations) forwarded, \(figures.badEvaluations) 差评; rectifications "
                + "\(supervision["rectification-opened"] ?? 0) opened, \(supervision["rectification-closed"] ?? 0) closed",
            "notices (一次告知): \(notices) sent: \(figures.notices["accepted"] ?? 0) at acceptance, "
                + "\(figures.notices["supplement"] ?? 0) for supplements (listing \(figures.supplementItems) requests), \(finals) at the end",
            "cards (督办): \(cards.isEmpty ? "none" : cards) opened, \(supervision["card-acknowledged"] ?? 0) acknowledged, "
                + "\(supervision["card-rectified"] ?? 0) rectified, \(supervision["card-closed"] ?? 0) closed",
        ]
    }

    /// Real seconds as catalogue days (undoing the time scale).
    func days(_ seconds: Double) -> Double { seconds / max(timeScale, 1e-12) / 86_400 }

    /// The closing summary: outcomes, per-department figures, what the run exercised.
    public func render() -> String {
        var lines: [String] = []
        lines.append(String(format: "%d applications in %.1f s (%.1f finished/s), time scale %g ", submitted, seconds, throughput, timeScale)
                     + "(the commitment, \(commitment.words) from the start, = " + String(format: "%.1f s)", commitmentSeconds))
        lines.append("")
        var outcomeTable = TextTable([.init("outcome"), .init("count", .right)])
        for outcome in ["completed", "partially-completed", "rejected", "withdrawn", "invalid"] {
            outcomeTable.append([outcome, String(outcomes[outcome] ?? 0)])
        }
        if !unfinished.isEmpty { outcomeTable.append(["unfinished", String(unfinished.count)]) }
        lines += outcomeTable.lines()
        lines.append("")
        var departmentTable = TextTable([.init("department"), .init("decided", .right), .init("approved", .right),
                                         .init("median sent→result")])
        for figure in departments {
            let median = figure.medianElapsed.map { String(format: "%.2f s (%.2f days)", $0, days($0)) } ?? "-"
            departmentTable.append([figure.department, String(figure.decided),
                                    String(format: "%.0f %%", figure.approvalRate * 100), median])
        }
        lines += departmentTable.lines()
        if let median = Self.median(endToEnd) {
            lines.append("")
            lines.append(String(format: "end to end (submitted → final): median %.2f s (%.2f days), max %.2f s",
                                median, days(median), endToEnd.max() ?? 0))
        }
        lines.append(String(format: "exercised: %d supplements answered, %d withdrawals, %d cancels, %d resends seen by departments, "
                            + "%d silenced, %d duplicate replies, %d due-soon, %d overdue, %d stalled",
                            supplementsSent, withdrawalsSent, simulator.cancels, simulator.redeliveries, simulator.silenced,
                            simulator.duplicates, events["matter-due-soon"] ?? 0, events["matter-overdue"] ?? 0,
                            events["matter-stalled"] ?? 0))
        lines.append("applicants: \(submitted - flexibleWorkers) employees, \(flexibleWorkers) flexible workers (灵活就业人员: no employer, M09 not applicable)")
        if let promises { lines += Self.promiseLines(promises) }
        if !unfinished.isEmpty {
            lines.append("unfinished: " + unfinished.prefix(10).joined(separator: ", ") + (unfinished.count > 10 ? ", ..." : ""))
        }
        for problem in problems.prefix(5) { lines.append("problem: " + problem) }
        return lines.joined(separator: "\n")
    }
}
