import OneThingExchange

/// A request as a simulated department sees it.
struct IncomingRequest: Sendable {
    let eventID: String
    let requestID: RequestID
    let department: String
    let matter: String
    let applicationID: String
    /// The request's `ce_requestdigest`, quoted back in the reply.
    var requestDigest: String? = nil
    let facts: RequestFacts
}

/// What to do with one delivery of a request.
enum PlannedAnswer: Sendable {
    case silence
    case reply(PlannedReply)
}

struct PlannedReply: Sendable {
    let decision: ReplyDecision
    let acknowledgeFirst: Bool
    let duplicate: Bool
    let delay: Duration
}

/// Decides answers. Every draw comes from a generator salted with the request's `ce_id`
/// (and, for silence, the delivery number), so a decision depends on the seed and the
/// request only: a resend gets the same decision, whatever else arrived in between.
struct ReplyPlanner: Sendable {
    let flow: Flow
    let behaviour: SimulatorBehaviour

    func plan(_ request: IncomingRequest, delivery: Int, today: CivilDate) -> PlannedAnswer {
        let rule = behaviour.rule(department: request.department, matter: request.matter, applicationID: request.applicationID)
        if rule?.action == .silence { return .silence }
        var silenceDraw = SeededGenerator(seed: behaviour.seed, salt: "silence|\(request.eventID)|\(delivery)")
        if rule == nil, silenceDraw.chance(behaviour.silenceRate) { return .silence }

        var random = SeededGenerator(seed: behaviour.seed, salt: request.eventID)
        let decision = decide(request, rule: rule, today: today, using: &random)
        let factor = 0.5 + random.unit()
        let delay = rule?.delay ?? behaviour.delay * factor
        let duplicate = random.chance(behaviour.duplicateRate)
        return .reply(PlannedReply(decision: decision, acknowledgeFirst: behaviour.acknowledgeFirst,
                                   duplicate: duplicate, delay: delay))
    }

    private func decide(_ request: IncomingRequest, rule: MatterRule?, today: CivilDate,
                        using random: inout SeededGenerator) -> ReplyDecision {
        let firstRevision = request.requestID.revision <= 1
        switch rule?.action {
        case .reject(let reason)?: return .rejected(reason: reason)
        case .supplement(let reason)? where firstRevision: return .supplementRequired(reason: reason)
        case .interfaceFailure(let code, let message)?: return .interfaceFailure(code: code, message: message)
        case .approve?, .supplement?: return approval(request, today: today, using: &random)
        case .silence?, nil: break
        }
        let approve = max(behaviour.approveRate, 0)
        let reject = max(behaviour.rejectRate, 0)
        let supplement = firstRevision ? max(behaviour.supplementRate, 0) : 0
        let total = approve + reject + supplement
        let draw = random.unit() * (total > 0 ? total : 1)
        if total > 0, draw < reject {
            return .rejected(reason: Self.rejectionReasons[Int(random.next() % UInt64(Self.rejectionReasons.count))])
        }
        if total > 0, draw < reject + supplement {
            return .supplementRequired(reason: Self.supplementReasons[Int(random.next() % UInt64(Self.supplementReasons.count))])
        }
        return approval(request, today: today, using: &random)
    }

    private func approval(_ request: IncomingRequest, today: CivilDate, using random: inout SeededGenerator) -> ReplyDecision {
        let names = flow.matter(request.matter)?.outputs ?? []
        let synthesizer = OutputSynthesizer(facts: request.facts, today: today)
        return .approved(outputs: synthesizer.outputs(names: names, matter: request.matter, using: &random))
    }

    static let rejectionReasons = [
        "信息不一致 the records do not match the application",
        "不符合办理条件 the conditions for this matter are not met",
        "查无此人 no such person in our records",
    ]
    static let supplementReasons = [
        "需补充材料 please supply the missing documents",
        "账户信息有误 please correct the bank account",
        "地址信息不完整 please complete the address",
    ]
}
