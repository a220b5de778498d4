import Foundation
import OneThingExchange
import OneThingStore

/// `evaluated` events (好差评). A channel evaluates a final application, or one final
/// matter of it, at one of the catalogue's levels with an optional comment. The hub keeps
/// one evaluation per channel and target (a later one replaces it), forwards it on the
/// evaluations topic, and a 差评 opens a rectification for the department answerable
/// (unless one is already open for that target). What cannot be accepted, above all an
/// evaluation of something not yet final, is a dead letter (`evaluation-refused`) with
/// the reason, and a line in the application's history when there is one.
extension EngineStep {
    static let evaluationRefused = "evaluation-refused"

    mutating func evaluate(eventID: String, data: JSONValue, channel: String) {
        guard let policy = flow.promises else {
            refuseEvaluation(eventID: eventID, "The flow \(flow.name) takes no evaluations (its catalogue has no promises.json).")
            return
        }
        guard let current = record, current.state != .invalid else {
            refuseEvaluation(eventID: eventID, "There is no application \(applicationID) to evaluate.")
            return
        }
        guard let fields = data.objectValue else {
            refuseEvaluation(eventID: eventID, "The evaluation must be a JSON object.")
            return
        }
        if let formID = fields["applicationId"]?.stringValue, formID != applicationID {
            refuseEvaluation(eventID: eventID, "applicationId \"\(formID)\" differs from the message key \"\(applicationID)\".")
            return
        }
        guard let levelText = fields["level"]?.stringValue, let level = policy.evaluations.level(levelText) else {
            let known = policy.evaluations.levels.map { "\($0.name) (\($0.code))" }.joined(separator: ", ")
            refuseEvaluation(eventID: eventID, "level must be one of \(known).")
            return
        }
        let comment = fields["comment"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if let value = fields["comment"], !value.isNull, value.stringValue == nil {
            refuseEvaluation(eventID: eventID, "comment must be text.")
            return
        }
        if let comment, comment.count > policy.evaluations.maxCommentLength {
            refuseEvaluation(eventID: eventID, "The comment has \(comment.count) characters, over the limit of \(policy.evaluations.maxCommentLength).")
            return
        }
        let matter = fields["matter"]?.stringValue
        let department: String
        if let matter {
            guard let found = current.matter(matter) else {
                refuseEvaluation(eventID: eventID, "Matter \(matter) does not apply to application \(applicationID).")
                return
            }
            guard found.state.isFinal else {
                refuseEvaluation(eventID: eventID, "Matter \(matter) is not final yet (it is \(found.state.rawValue)); only final matters can be evaluated.")
                return
            }
            department = found.department
        } else {
            guard current.outcome != nil else {
                refuseEvaluation(eventID: eventID, "Application \(applicationID) is not final yet (it is \(current.state.rawValue)); only final applications can be evaluated.")
                return
            }
            department = policy.evaluations.applicationDepartment
        }

        let evaluation = EvaluationRecord(channel: channel, matter: matter, department: department, level: level.code,
                                          score: level.score, comment: comment, at: now, eventID: eventID)
        var promises = current.promises
        let earlier = promises.evaluations.firstIndex { $0.channel == channel && $0.target == evaluation.target }
        if let earlier { promises.evaluations[earlier] = evaluation } else { promises.evaluations.append(evaluation) }
        var rectificationID: String?
        var opened: RectificationRecord?
        if level.opensRectification {
            if let open = promises.rectifications.first(where: { $0.closedAt == nil && $0.matter == matter && $0.department == department }) {
                rectificationID = open.id
            } else {
                let item = RectificationRecord(
                    id: "\(applicationID):rect:\(promises.rectifications.count + 1)", department: department, matter: matter,
                    channel: channel, level: level.code, comment: comment, openedAt: now,
                    deadline: flow.deadline(of: policy.evaluations.rectificationTimeLimit, from: now, timeScale: engine.timeScale))
                promises.rectifications.append(item)
                rectificationID = item.id
                opened = item
            }
        }
        record?.promises = promises
        let wire = PromiseMessages(flow: flow, policy: policy, applicationID: applicationID, now: now)
        messages.append(wire.evaluation(evaluation, level: level, replaced: earlier != nil, rectificationID: rectificationID,
                                        id: "\(applicationID):evaluation:\(sourceID)"))
        note("evaluation", matter: matter, eventID: eventID,
             "\(channel) evaluated \(matter ?? "the application"): \(level.name)\(earlier != nil ? " (replacing its earlier evaluation)" : "").")
        if let opened {
            messages.append(wire.rectification(opened, event: "rectification-opened"))
            note("rectification", matter: matter, "A 差评 opened rectification \(opened.id) for \(department).")
        }
    }

    private mutating func refuseEvaluation(eventID: String, _ reason: String) {
        deadLetter = DeadLetterVerdict(code: Self.evaluationRefused, reason: reason)
        if record != nil { note(Self.evaluationRefused, eventID: eventID, "An evaluation was refused: \(reason)") }
    }
}
