import Foundation
import OneThingExchange

/// What a demonstration run submits and how the simulated departments treat it: a
/// seeded mix of valid applications of every type and optional block, a few invalid
/// ones (one of each fault at least), forced rejections of the identity check, of
/// eligibility and of later matters, supplement requests the demo's channel answers,
/// slow answers that let a deadline pass (the identity check of 2 %, 1.15 times its limit), and withdrawals.
public struct DemoPlan: Sendable {
    public let applications: [GeneratedApplication]
    /// Application ids submitted in structured CloudEvents mode (the rest in binary).
    public let structured: Set<String>
    /// Application ids the channel withdraws soon after acceptance.
    public let withdrawals: Set<String>
    public let behaviour: SimulatorBehaviour

    /// - Parameter timeScale: the hub's; the departments' delays and the slow answers follow it.
    public static func make(flow: Flow, count: Int, seed: UInt64, timeScale: Double,
                            submittedAt: Date = Date()) -> DemoPlan {
        var generator = ApplicationGenerator(seed: seed, idPrefix: "DEMO", submittedAt: submittedAt)
        var random = SeededGenerator(seed: seed, salt: "demo-plan")
        let invalidCount = count >= 20 ? max(ApplicationDefect.allCases.count, count / 25) : 0
        var applications: [GeneratedApplication] = []
        for index in 0..<count {
            if index % 25 == 12, applications.filter({ !$0.isValid }).count < invalidCount {
                let defects = ApplicationDefect.allCases
                applications.append(generator.makeInvalid(defects[applications.count % defects.count]))
            } else {
                applications.append(generator.make(generator.randomOptions()))
            }
        }
        let valid = applications.filter(\.isValid)
        func pick(_ share: Double, from pool: [GeneratedApplication], minimum: Int = 1) -> [GeneratedApplication] {
            let wanted = min(pool.count, max(minimum, Int((Double(count) * share).rounded())))
            return Array(pool.shuffled(using: &random).prefix(wanted))
        }
        var unassigned = valid
        func take(_ share: Double, minimum: Int = 1) -> Set<String> {
            let chosen = pick(share, from: unassigned, minimum: minimum)
            let ids = Set(chosen.map(\.id))
            unassigned.removeAll { ids.contains($0.id) }
            return ids
        }
        let identityRejected = take(0.03)
        let eligibilityRejected = take(0.03)
        let pensionRejected = take(0.03)
        let supplementIdentity = take(0.04)
        let supplementPension = take(0.04)
        let slowIdentity = take(0.02)
        let withdrawals = take(0.01)
        let day = 86_400 * timeScale
        // A working-day limit's span depends on when the clock starts: take the longest
        // over the first hour of the run, so a slow answer is late whenever it is sent.
        let limit = { (code: String) -> Double in
            guard let timeLimit = flow.matter(code)?.timeLimit else { return day }
            let spans = stride(from: 0.0, through: 3600, by: 600).map {
                timeLimit.span(from: submittedAt.addingTimeInterval($0), calendar: flow.calendar)
            }
            return (spans.max() ?? 86_400) * timeScale
        }
        let rules: [MatterRule] = [
            .rejects("M10", applications: identityRejected, reason: "02 查无此人 no such person in the household register"),
            MatterRule(matter: "M01", applicationIDs: eligibilityRejected, action: .reject(reason: "未达到法定退休年龄条件 conditions not met")),
            MatterRule(matter: "M02", applicationIDs: eligibilityRejected, action: .reject(reason: "特殊工种年限不足 not enough years of special work")),
            MatterRule(matter: "M03", applicationIDs: eligibilityRejected, action: .reject(reason: "鉴定结论不符合条件 appraisal does not qualify")),
            MatterRule(matter: "M05", applicationIDs: pensionRejected, action: .reject(reason: "缴费年限不足15年 fewer than 15 contribution years")),
            .asksSupplement("M10", applications: supplementIdentity, reason: "03 需补充现住址 please give the current address"),
            .asksSupplement("M05", applications: supplementPension, reason: "银行账户信息有误 please correct the bank account"),
            MatterRule(matter: "M10", applicationIDs: slowIdentity, action: .approve, delay: .seconds(limit("M10") * 1.15)),
            MatterRule(matter: "M10", applicationIDs: withdrawals, action: .approve, delay: .seconds(max(1.5, day * 0.5))),
        ]
        let structured = Set(valid.filter { _ in random.chance(0.3) }.map(\.id))
            .union(applications.filter { !$0.isValid && random.chance(0.5) }.map(\.id))
        let behaviour = SimulatorBehaviour(
            approveRate: 0.97, rejectRate: 0.02, supplementRate: 0.01, silenceRate: 0.02, duplicateRate: 0.02,
            acknowledgeFirst: true, delay: .seconds(day * 0.05), seed: seed, rules: rules)
        return DemoPlan(applications: applications, structured: structured, withdrawals: withdrawals, behaviour: behaviour)
    }
}
