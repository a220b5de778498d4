import Foundation
import OneThingExchange
import OneThingStore

/// `supplemented` events (补正): merge the changes into the stored form, validate it whole,
/// and if valid send the matter again as the next revision, its deadline moved out by the
/// time it waited. Anything else is refused with `supplement-invalid`, the matter still
/// waiting for a usable supplement. A channel that may not make the supplement (see
/// `EngineStep+ChannelPrivilege`) is refused with `invalid` before anything else is looked at.
extension EngineStep {
    mutating func supplement(eventID: String, data: JSONValue, source: String) {
        let fields = data.objectValue
        let formID = fields?["applicationId"]?.stringValue
        let code = fields?["matter"]?.stringValue
        let changes = fields?["changes"]

        guard let current = record, current.state != .invalid else {
            let issue = FieldIssue(field: "applicationId", code: "state", message: "there is no application with this id to supplement")
            unrecordedSnapshots.append(StatusSnapshotWriter.unrecorded(applicationID: applicationID, event: "supplement-invalid",
                                                                       errors: [issue], at: now))
            return
        }
        guard channelMayAct(source) else {
            refuseChannel(eventID: eventID, source: source, matter: code,
                          issues: [notTheSubmitter(source, doing: "supplement")], action: "supplement")
            return
        }
        var issues: [FieldIssue] = []
        if fields == nil { issues.append(FieldIssue(field: "", code: "type", message: "the supplement must be a JSON object")) }
        if fields != nil && formID == nil { issues.append(FieldIssue(field: "applicationId", code: "required", message: "applicationId is required")) }
        if let formID, formID != applicationID {
            issues.append(FieldIssue(field: "applicationId", code: "mismatch",
                                     message: "applicationId \"\(formID)\" differs from the message key \"\(applicationID)\""))
        }
        if fields != nil && code == nil { issues.append(FieldIssue(field: "matter", code: "required", message: "matter is required")) }
        if fields != nil && changes?.objectValue == nil {
            issues.append(FieldIssue(field: "changes", code: changes == nil ? "required" : "type",
                                     message: "changes must be a JSON Merge Patch object"))
        }
        let index = code.flatMap { matterIndex($0) }
        if issues.isEmpty {
            if current.outcome != nil {
                issues.append(FieldIssue(field: "matter", code: "state", message: "the application is already final (\(current.state.rawValue))"))
            } else if let code, index == nil {
                issues.append(FieldIssue(field: "matter", code: "state", message: "matter \(code) does not apply to this application"))
            } else if let code, let index, current.matters[index].state != .supplementRequired {
                issues.append(FieldIssue(field: "matter", code: "state",
                                         message: "matter \(code) is not awaiting a supplement (it is \(current.matters[index].state.rawValue))"))
            }
        }
        guard issues.isEmpty, let index, let changes else {
            refuseSupplement(eventID: eventID, matter: code, issues: issues)
            return
        }
        let reason = fields?["reason"]?.stringValue
        let permission = SupplementPermission(policy: flow.channels, source: source, before: current.document,
                                              after: current.document.mergePatched(with: changes), reason: reason,
                                              immutable: flow.immutableFields)
        guard permission.isAllowed else {
            refuseChannel(eventID: eventID, source: source, matter: code, issues: permission.issues, action: "supplement")
            return
        }
        switch flow.supplement(Application(id: current.id, document: current.document), changes: changes) {
        case .invalid(let found):
            refuseSupplement(eventID: eventID, matter: code, issues: found)
        case .valid(let patched):
            record?.document = patched.document
            documentReplaced = true
            record?.errors = []
            resumeClock(index)
            if !permission.protectedChanges.isEmpty, let reason {
                note("protected-change", matter: code, eventID: eventID,
                     "Channel \(source) changed protected field\(permission.protectedChanges.count == 1 ? "" : "s") "
                         + permission.protectedChanges.joined(separator: ", ") + ". Reason: \(reason)")
            }
            note("supplement", matter: code, eventID: eventID, "A valid supplement was applied; the matter is sent again.")
            sendNewRevision(index)
            announce("supplement-accepted", matter: code)
        }
    }

    private mutating func refuseSupplement(eventID: String, matter: String?, issues found: [FieldIssue]) {
        let issues = IssueReport.capped(found)
        record?.errors = issues
        statusErrors = issues
        note("supplement-invalid", matter: matter, eventID: eventID,
             "A supplement was refused: " + issues.map { "\($0.field.isEmpty ? "message" : $0.field) \($0.code)" }.joined(separator: ", ") + ".")
        announce("supplement-invalid", matter: matter)
    }

    /// Ends a supplement pause: the time spent waiting does not count against the limit.
    private mutating func resumeClock(_ index: Int) {
        guard var matter = record?.matters[index], let since = matter.supplementSince else { return }
        let paused = max(0, now.timeIntervalSince(since))
        matter.pausedSeconds += paused
        matter.deadline = matter.deadline?.addingTimeInterval(paused)
        matter.supplementSince = nil
        record?.matters[index] = matter
    }
}
