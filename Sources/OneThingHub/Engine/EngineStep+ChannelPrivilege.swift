import OneThingExchange

/// Least privilege for channels (the flow's `ChannelPolicy`): only the channel that
/// submitted an application, or one the flow names as acting for the applicant, may
/// supplement or withdraw it, and a supplement may change only what its channel may.
///
/// A refusal is an `invalid` status event listing why (code `forbidden`). It changes
/// nothing else: the record's own errors and its matters stay as they were, since the
/// event was not the application's channel speaking.
extension EngineStep {
    /// Whether the event's channel may act on the stored application at all.
    func channelMayAct(_ source: String) -> Bool {
        guard let current = record else { return false }
        return flow.channels.mayActOn(applicationSubmittedBy: current.submittedSource, source: source)
    }

    /// The issue for a channel that neither submitted the application nor acts for the applicant.
    func notTheSubmitter(_ source: String, doing action: String) -> FieldIssue {
        FieldIssue(field: "applicationId", code: "forbidden",
                   message: "channel \(source.isEmpty ? "(unnamed)" : source) did not submit this application and does not act "
                       + "for the applicant, so it may not \(action) it")
    }

    mutating func refuseChannel(eventID: String, source: String, matter: String?, issues: [FieldIssue], action: String) {
        statusErrors = IssueReport.capped(issues)
        note("invalid", matter: matter, eventID: eventID,
             "A \(action) from channel \(source.isEmpty ? "(unnamed)" : source) was refused: "
                 + issues.map { "\($0.field.isEmpty ? "message" : $0.field) \($0.code)" }.joined(separator: ", ") + ".")
        announce("invalid", matter: matter)
    }
}
