import Foundation
import OneThingExchange
import OneThingStore

/// `withdrawn` events and withdrawal orders: cancel every matter not yet final (telling
/// the departments that already have the request) and end with outcome `withdrawn`.
/// Only the channel that submitted the application, or one acting for the applicant, may
/// withdraw it (see `EngineStep+ChannelPrivilege`).
extension EngineStep {
    mutating func withdraw(eventID: String, data: JSONValue, source: String) {
        let fields = data.objectValue
        let reason = fields?["reason"]?.stringValue ?? "withdrawn by the applicant"
        guard let current = record, current.state != .invalid else {
            let issue = FieldIssue(field: "applicationId", code: "state", message: "there is no application with this id to withdraw")
            unrecordedSnapshots.append(StatusSnapshotWriter.unrecorded(applicationID: applicationID, event: "invalid",
                                                                       errors: [issue], at: now))
            return
        }
        if let formID = fields?["applicationId"]?.stringValue, formID != applicationID {
            let issue = FieldIssue(field: "applicationId", code: "mismatch",
                                   message: "applicationId \"\(formID)\" differs from the message key \"\(applicationID)\"")
            statusErrors = [issue]
            note("invalid", eventID: eventID, "A withdrawal naming another application id was refused.")
            announce("invalid")
            return
        }
        guard channelMayAct(source) else {
            refuseChannel(eventID: eventID, source: source, matter: nil,
                          issues: [notTheSubmitter(source, doing: "withdraw")], action: "withdrawal")
            return
        }
        guard current.outcome == nil else {
            note("withdrawn", eventID: eventID, "A withdrawal arrived after the application was final (\(current.state.rawValue)); no effect.")
            return
        }
        performWithdrawal(reason: reason, eventID: eventID,
                          by: source == current.submittedSource || source.isEmpty ? "the applicant" : "channel \(source) for the applicant")
    }

    mutating func performWithdrawal(reason: String, eventID: String?, by whom: String) {
        for code in record?.matters.map(\.code) ?? [] {
            cancel(code, reason: "withdrawn: \(reason)")
        }
        note("withdrawn", eventID: eventID, "Withdrawn by \(whom): \(reason)")
        settle(.withdrawn)
    }
}
