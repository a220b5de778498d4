import Foundation
import OneThingExchange
import OneThingStore

/// Moving an application forward after any matter changed: cancel what can no longer
/// happen, send what became ready, and settle the outcome once every matter is final.
///
/// Decision (<doc:SpecDecisions>, "Rejection cancels the rest"): once a rejection
/// decides the outcome `rejected` (a matter the flow marks as rejecting the application,
/// such as identity or eligibility), the matters still open are cancelled as well, with a
/// `cancel` to departments that have the request, instead of keeping them busy for an
/// application already refused.
extension EngineStep {
    /// - Parameter cause: the matter whose rejection or cancellation may cascade (named in
    ///   the cancelled matters' reason).
    mutating func advance(cause: String? = nil) {
        guard record?.outcome == nil, record?.state != .invalid else { return }
        var firstCancelled: String?
        // The plan is fixed at acceptance; the states are taken again only after a change.
        let plan = self.plan
        // Each round either changes a matter or stops; the number of matters bounds the rounds.
        for _ in 0...(2 * (record?.matters.count ?? 0) + 1) {
            var changed = false
            let roundStates = states
            for code in flow.cancellations(plan, states: roundStates) {
                let reason = cause.map { "a prerequisite was not approved (\($0))" } ?? "a prerequisite was not approved"
                if cancel(code, reason: reason) {
                    changed = true
                    if firstCancelled == nil { firstCancelled = code }
                }
            }
            for code in flow.readyToSend(plan, states: changed ? states : roundStates) {
                guard let index = matterIndex(code), record?.matters[index].state == .waiting else { continue }
                sendNewRevision(index)
                changed = true
            }
            if !changed, cause != nil, rejectionIsDecided() {
                // A rejection that rejects the whole application (e.g. identity or
                // eligibility) makes the remaining matters pointless: cancel them too.
                for code in flow.unfinished(plan, states: states) {
                    if cancel(code, reason: "the application was rejected (\(cause ?? "?"))") {
                        changed = true
                        if firstCancelled == nil { firstCancelled = code }
                    }
                }
            }
            if !changed { break }
        }
        if let firstCancelled { announce("matter-cancelled", matter: firstCancelled) }
        if let outcome = flow.outcome(plan, states: states) { settle(outcome) }
    }

    /// True when the outcome is `rejected` whatever the unfinished matters still do: the
    /// flow's own outcome rule, asked with every unfinished matter cancelled.
    private func rejectionIsDecided() -> Bool {
        var hypothetical = states
        let unfinished = flow.unfinished(plan, states: hypothetical)
        guard !unfinished.isEmpty else { return false }
        for code in unfinished { hypothetical[code] = .cancelled }
        return flow.outcome(plan, states: hypothetical) == .rejected
    }

    /// Cancels one non-final matter; a department that already has the request gets a
    /// `cancel`. Returns false when the matter was already final.
    @discardableResult
    mutating func cancel(_ code: String, reason: String) -> Bool {
        guard let index = matterIndex(code), var matter = record?.matters[index], !matter.state.isFinal else { return false }
        let departmentHasIt = matter.state != .waiting
        if departmentHasIt {
            messages.append(WireMessages.cancel(flow: flow, matter: matter, applicationID: applicationID,
                                                reason: reason, time: now))
        }
        if let since = matter.supplementSince {
            matter.pausedSeconds += max(0, now.timeIntervalSince(since))
            matter.supplementSince = nil
        }
        matter.state = .cancelled
        matter.reason = reason
        matter.finalAt = now
        record?.matters[index] = matter
        note(departmentHasIt ? "cancel-sent" : "cancelled", matter: code, eventID: matter.requestID,
             departmentHasIt ? "Cancelled and told the department: \(reason)." : "Cancelled before it was sent: \(reason).")
        return true
    }

    /// Records the final outcome and announces it (`completed`, or `withdrawn`).
    mutating func settle(_ outcome: Outcome) {
        guard record?.outcome == nil else { return }
        record?.outcome = outcome
        record?.state = outcome.applicationState
        let event = outcome == .withdrawn ? "withdrawn" : "completed"
        if outcome != .withdrawn { note("completed", "The application is final: \(outcome.rawValue).") }
        announce(event)
    }
}
