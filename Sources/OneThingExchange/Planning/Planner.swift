/// Works out which matters apply and, as states change, what may be sent, what must be
/// cancelled and how the whole application ends. Groups (alternatives such as the
/// alternative routes of one step) are resolved to their applicable members; a dependency that does
/// not apply to this application counts as absent (`Topics/README.md`, flow.json).
struct Planner {
    let flow: Flow

    func plan(_ document: JSONValue) -> MatterPlan {
        var applicable: [String] = []
        var notApplicable: [NotApplicable] = []
        for definition in flow.matters {
            guard let model = flow.models[definition.code] else { continue }
            if !model.applicableWhen.holds(in: document) {
                notApplicable.append(NotApplicable(matter: definition.code, reason: model.otherwise))
            } else if let exclusion = model.notApplicableWhen.first(where: { $0.when.holds(in: document) }) {
                notApplicable.append(NotApplicable(matter: definition.code, reason: exclusion.reason))
            } else {
                applicable.append(definition.code)
            }
        }
        return MatterPlan(applicable: applicable, notApplicable: notApplicable)
    }

    /// The applicable concrete matters a list of codes and groups stands for.
    private func resolve(_ references: [String], in plan: MatterPlan) -> [String] {
        // Catalogues hold a handful of matters: scanning beats hashing.
        var result: [String] = []
        for reference in references {
            for member in flow.members(of: reference) where plan.applicable.contains(member) { result.append(member) }
        }
        return result
    }

    func readyToSend(_ plan: MatterPlan, states: MatterStates) -> [String] {
        plan.applicable.filter { code in
            guard (states[code] ?? .waiting) == .waiting, let definition = flow.matter(code) else { return false }
            let requiredApproved = resolve(definition.requires, in: plan).allSatisfy { states[$0] == .approved }
            let afterFinal = resolve(definition.after, in: plan).allSatisfy { (states[$0] ?? .waiting).isFinal }
            return requiredApproved && afterFinal
        }
    }

    func cancellations(_ plan: MatterPlan, states: MatterStates) -> [String] {
        var failed = Set(plan.applicable.filter { let state = states[$0]; return state == .rejected || state == .cancelled })
        // Nothing failed (the usual case): nothing to cancel.
        if failed.isEmpty { return [] }
        var cancelled: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for code in plan.applicable where !failed.contains(code) && !(states[code] ?? .waiting).isFinal {
                guard let definition = flow.matter(code) else { continue }
                if resolve(definition.requires, in: plan).contains(where: failed.contains) {
                    failed.insert(code)
                    cancelled.insert(code)
                    changed = true
                }
            }
        }
        return plan.applicable.filter(cancelled.contains)
    }

    func outcome(_ plan: MatterPlan, states: MatterStates) -> Outcome? {
        let finals = plan.applicable.map { states[$0] ?? .waiting }
        guard finals.allSatisfy(\.isFinal) else { return nil }
        if resolve(flow.rejecting, in: plan).contains(where: { states[$0] == .rejected }) { return .rejected }
        if finals.contains(where: { $0 == .rejected || $0 == .cancelled }) { return .partiallyCompleted }
        return .completed
    }
}
