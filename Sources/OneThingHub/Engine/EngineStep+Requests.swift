import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingStore

/// Sending requests to departments: a new revision (first send, or after a valid
/// supplement) or a resend of the current one with the same `ce_id`.
extension EngineStep {
    /// Sends the matter's next revision. The first send starts the matter's clock; later
    /// revisions keep it (the deadline was already moved out by the supplement pause).
    /// A request that cannot be built cancels the matter rather than leaving it waiting
    /// forever: the translation problem is in the history and the reason.
    mutating func sendNewRevision(_ index: Int) {
        guard var matter = record?.matters[index] else { return }
        let revision = matter.revision + 1
        let requestID = RequestID(applicationID: applicationID, matter: matter.code, revision: revision)
        switch requestMessage(matter: matter.code, department: matter.department, requestID: requestID) {
        case .failure(let problem):
            note("translation-error", matter: matter.code, "The request could not be built: \(problem.reason)")
            cancel(matter.code, reason: "the request could not be built")
        case .success(let message):
            let first = matter.revision == 0
            matter.revision = revision
            matter.requestID = requestID.description
            matter.state = .sent
            if first || matter.sentAt == nil {
                matter.sentAt = now
                matter.deadline = flow.matter(matter.code).map { engine.deadline(of: $0.timeLimit, from: now) } ?? now
            }
            matter.lastSentAt = now
            matter.resends = 0
            matter.stalled = false
            matter.reason = nil
            matter.requestDigests = message.header(MessageSignature.requestDigestHeader).map { [$0] } ?? []
            record?.matters[index] = matter
            messages.append(message)
            note("request-sent", matter: matter.code, eventID: requestID.description,
                 "Request \(requestID) sent to \(matter.department).")
        }
    }

    /// Sends the current revision again with the same `ce_id` (departments drop duplicates).
    mutating func resendCurrent(_ index: Int, kind: String, detail: String) -> Bool {
        guard var matter = record?.matters[index], matter.revision > 0,
              let requestID = RequestID(parsing: matter.requestID ?? "") else { return false }
        switch requestMessage(matter: matter.code, department: matter.department, requestID: requestID) {
        case .failure(let problem):
            note("translation-error", matter: matter.code, "The request could not be rebuilt: \(problem.reason)")
            return false
        case .success(let message):
            matter.lastSentAt = now
            // Replies to the earlier copy stay bound when this one's body differs.
            if let digest = message.header(MessageSignature.requestDigestHeader), !matter.requestDigests.contains(digest) {
                matter.requestDigests.append(digest)
            }
            record?.matters[index] = matter
            messages.append(message)
            note(kind, matter: matter.code, eventID: requestID.description, detail)
            return true
        }
    }

    /// Translates the application (plus the outputs of every approved matter, so earlier
    /// results flow into later requests) into the department's own request document.
    private func requestMessage(matter code: String, department: String,
                                requestID: RequestID) -> Result<EngineMessage, TranslationError> {
        guard let current = record else { return .failure(TranslationError(reason: "no application")) }
        var outputs: [String: JSONObject] = [:]
        for item in current.matters where item.state == .approved { outputs[item.code] = item.outputs }
        do {
            let document = try flow.encodeRequest(matter: code, application: Application(id: current.id, document: current.document),
                                                  outputs: outputs, requestID: requestID)
            var message = WireMessages.event(
                topic: flow.topics.requests(department), key: applicationID, id: requestID.description,
                type: flow.eventTypes.request, time: now, subject: applicationID,
                contentType: document.contentType, matter: code, value: document.body)
            if engine.signing != nil, let digest = OutboundSigning.requestDigest(of: document.body) {
                message.headers.append(StoredHeader(key: MessageSignature.requestDigestHeader, value: Array(digest.utf8)))
            }
            return .success(message)
        } catch {
            return .failure(error)
        }
    }
}
