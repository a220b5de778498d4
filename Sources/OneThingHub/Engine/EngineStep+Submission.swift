import Foundation
import OneThingExchange
import OneThingStore

/// `submitted` events: accept a new application, refuse an invalid one (kept as an
/// `invalid` record so `hubctl` shows it), ignore an identical resubmission and refuse a
/// different one under the same id (`conflict`).
///
/// Decision: an application that is still `invalid` may be submitted again under the same
/// id with corrected content; nothing was sent for it, so the new form simply replaces it.
extension EngineStep {
    mutating func submit(eventID: String, document: JSONValue, source: String) {
        let digest = ContentDigest.of(document)
        if let existing = record {
            if existing.contentDigest == digest {
                note("duplicate", eventID: eventID, "The same application was submitted again; it has no effect.")
                return
            }
            if existing.state != .invalid {
                let issue = FieldIssue(field: "applicationId", code: "conflict",
                                       message: "an application with this id and different content was already submitted")
                record?.errors = [issue]
                statusErrors = [issue]
                note("conflict", eventID: eventID, "A different application was submitted under the same id and refused.")
                announce("conflict")
                return
            }
        }

        var issues: [FieldIssue] = []
        if let formID = document.objectValue?["applicationId"]?.stringValue, formID != applicationID {
            issues.append(FieldIssue(field: "applicationId", code: "mismatch",
                                     message: "applicationId \"\(formID)\" differs from the message key \"\(applicationID)\""))
        }
        switch flow.validate(document) {
        case .invalid(let found):
            storeInvalid(document: document, digest: digest, eventID: eventID, issues: issues + found)
        case .valid(let application):
            if issues.isEmpty {
                accept(application, digest: digest, eventID: eventID)
            } else {
                storeInvalid(document: document, digest: digest, eventID: eventID, issues: issues)
            }
        }
        record?.submittedSource = source
    }

    /// An intake message the hub cannot use, for a key it can name: the channel hears of
    /// it through an `invalid` status event. A record is kept only when there is none yet
    /// (or it is itself invalid); a live application is not disturbed.
    mutating func refuseUnusableIntake(eventID: String?, code: String, reason: String) {
        let issue = FieldIssue(field: "", code: code, message: reason)
        if record == nil || record?.state == .invalid {
            storeInvalid(document: .null, digest: "", eventID: eventID ?? "", issues: [issue])
        } else {
            statusErrors = [issue]
            note("invalid", eventID: eventID, "An intake message for this application could not be used: \(reason)")
            announce("invalid")
        }
    }

    private mutating func storeInvalid(document: JSONValue, digest: String, eventID: String, issues found: [FieldIssue]) {
        let issues = IssueReport.capped(found)
        documentReplaced = true
        record = ApplicationRecord(
            id: applicationID, flow: flow.name, state: .invalid, document: document, contentDigest: digest,
            submittedEventID: eventID, acceptedAt: nil, deadline: nil, outcome: nil, errors: issues,
            notApplicable: [], matters: [], lastEvent: "invalid", lastEventMatter: nil, updatedAt: now,
            nextTimerAt: nil)
        statusErrors = issues
        note("invalid", eventID: eventID.isEmpty ? nil : eventID,
             "The application was refused with \(found.count) problem\(found.count == 1 ? "" : "s"): "
                + issues.map { "\($0.field.isEmpty ? "message" : $0.field) \($0.code)" }.joined(separator: ", ") + ".")
        announce("invalid")
    }

    private mutating func accept(_ application: Application, digest: String, eventID: String) {
        documentReplaced = true
        let plan = flow.plan(application)
        let matters = plan.applicable.map { code in
            MatterRecord.waiting(code: code, department: flow.matter(code)?.department ?? "")
        }
        record = ApplicationRecord(
            id: applicationID, flow: flow.name, state: .accepted, document: application.document,
            contentDigest: digest, submittedEventID: eventID, acceptedAt: now,
            deadline: engine.deadline(of: flow.overallTimeLimit, from: now), outcome: nil, errors: [],
            notApplicable: plan.notApplicable, matters: matters, lastEvent: "accepted", lastEventMatter: nil,
            updatedAt: now, nextTimerAt: nil)
        note("submitted", eventID: eventID,
             "Accepted with \(matters.count) applicable matters: \(plan.applicable.joined(separator: ", ")).")
        announce("accepted")
        advance()
    }
}

extension MatterRecord {
    /// A matter as planned at acceptance: not sent, no clock, no result.
    static func waiting(code: String, department: String) -> MatterRecord {
        MatterRecord(code: code, department: department, state: .waiting, revision: 0, requestID: nil,
                     sentAt: nil, lastSentAt: nil, receivedAt: nil, finalAt: nil, deadline: nil,
                     supplementSince: nil, pausedSeconds: 0, resends: 0, stalled: false,
                     dueSoonNotified: false, overdueNotified: false, outputs: JSONObject(), reason: nil)
    }
}
