import Foundation
import OneThingExchange
import OneThingStore

/// Department replies. A reply is routed by the request id it answers; one that cannot be
/// routed is a dead letter (`wrong-department`, `orphan-reply`, `protocol-error`). A routed
/// reply that is stale (older revision), duplicate (decision already applied) or late
/// (matter already final) is kept in history and changes nothing.
extension EngineStep {
    mutating func receive(_ reply: ReplyInput) {
        let requestID = reply.requestID
        let code = requestID.matter
        guard let definition = flow.matter(code) else {
            deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.orphanReply,
                                           reason: "The reply answers \(requestID), but the flow has no matter \(code).")
            return
        }
        guard definition.department == reply.department else {
            deadLetter = DeadLetterVerdict(
                code: DeadLetterVerdict.wrongDepartment,
                reason: "The reply for matter \(code) came on \(reply.department)'s reply topic, but \(code) belongs to \(definition.department).")
            return
        }
        guard let current = record, current.state != .invalid, let index = matterIndex(code) else {
            deadLetter = DeadLetterVerdict(
                code: DeadLetterVerdict.orphanReply,
                reason: record == nil || record?.state == .invalid
                    ? "The reply answers \(requestID), but there is no application \(requestID.applicationID)."
                    : "The reply answers \(requestID), but matter \(code) does not apply to that application.")
            return
        }
        let matter = current.matters[index]
        guard requestID.revision <= matter.revision else {
            deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.orphanReply,
                                           reason: "The reply answers \(requestID), a revision that was never sent.")
            return
        }
        let decoded: DepartmentReply
        switch reply.decoded {
        case .failure(let problem):
            deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.protocolError, reason: problem.reason)
            note("protocol-error", matter: code, eventID: reply.eventID,
                 "A reply broke \(reply.department)'s schema and was dead-lettered: \(problem.reason)")
            return
        case .success(let body):
            guard body.requestID == requestID.description else {
                let reason = "The reply's body answers \(body.requestID), but ce_inreplyto says \(requestID)."
                deadLetter = DeadLetterVerdict(code: DeadLetterVerdict.protocolError, reason: reason)
                note("protocol-error", matter: code, eventID: reply.eventID, reason)
                return
            }
            decoded = body
        }
        if requestID.revision == matter.revision, let refusal = Self.digestRefusal(reply, matter: matter) {
            deadLetter = refusal
            note(DeadLetterVerdict.badRequestDigest, matter: code, eventID: reply.eventID, refusal.reason)
            return
        }
        if requestID.revision < matter.revision {
            note("reply-stale", matter: code, eventID: reply.eventID,
                 "A reply to \(requestID) was ignored: the current request is r\(matter.revision).")
            return
        }
        apply(decoded.decision, toMatterAt: index, eventID: reply.eventID)
    }

    /// A reply answers a request the department received only if it quotes that request's
    /// digest: request ids are predictable, the digest of a body full of the applicant's
    /// data is not. Checked when the hub signed the request (its digests are known); a
    /// missing digest is tolerated only on an unsigned reply, from a department still
    /// migrating under `verify-if-present`.
    static func digestRefusal(_ reply: ReplyInput, matter: MatterRecord) -> DeadLetterVerdict? {
        guard !matter.requestDigests.isEmpty else { return nil }
        guard let quoted = reply.requestDigest?.lowercased() else {
            guard reply.signed else { return nil }
            return DeadLetterVerdict(code: DeadLetterVerdict.badRequestDigest,
                                     reason: "The reply to \(reply.requestID) quotes no ce_requestdigest.")
        }
        guard matter.requestDigests.contains(quoted) else {
            return DeadLetterVerdict(code: DeadLetterVerdict.badRequestDigest,
                                     reason: "The reply to \(reply.requestID) quotes request digest \(quoted.prefix(64)), which is not the digest of the request sent.")
        }
        return nil
    }

    private mutating func apply(_ decision: ReplyDecision, toMatterAt index: Int, eventID: String) {
        guard var matter = record?.matters[index] else { return }
        let code = matter.code
        if case .interfaceFailure(let failureCode, let message) = decision {
            note("interface-failure", matter: code, eventID: eventID,
                 "\(matter.department) reported an interface failure (code \(failureCode): \(String(message.prefix(200)))); the request counts as unacknowledged.")
            return
        }
        guard let target = decision.matterState else { return }
        if matter.state.isFinal {
            let same = target == matter.state
            note(same ? "reply-duplicate" : "reply-late", matter: code, eventID: eventID,
                 same ? "A repeated \(target.rawValue) reply changed nothing."
                      : "A \(target.rawValue) reply arrived after the matter was already \(matter.state.rawValue); it changed nothing.")
            return
        }
        if target == matter.state || (target == .received && matter.state == .supplementRequired) {
            note("reply-duplicate", matter: code, eventID: eventID, "A repeated \(target.rawValue) reply changed nothing.")
            return
        }

        matter.stalled = false
        if matter.receivedAt == nil { matter.receivedAt = now }
        if target != .supplementRequired, let since = matter.supplementSince {
            // The department decided without waiting for the supplement: the pause ends here.
            let paused = max(0, now.timeIntervalSince(since))
            matter.pausedSeconds += paused
            matter.deadline = matter.deadline?.addingTimeInterval(paused)
            matter.supplementSince = nil
        }
        switch decision {
        case .received:
            matter.state = .received
        case .approved(let outputs):
            matter.state = .approved
            matter.outputs = outputs
            matter.reason = nil
            matter.finalAt = now
        case .rejected(let reason):
            matter.state = .rejected
            matter.reason = reason
            matter.finalAt = now
        case .supplementRequired(let reason):
            matter.state = .supplementRequired
            matter.reason = reason
            matter.supplementSince = now
        case .interfaceFailure:
            return
        }
        record?.matters[index] = matter
        note("reply", matter: code, eventID: eventID, "\(matter.department) replied: \(target.rawValue).")
        announce("matter-" + target.rawValue, matter: code)
        if target.isFinal { advance(cause: target == .approved ? nil : code) }
    }
}
