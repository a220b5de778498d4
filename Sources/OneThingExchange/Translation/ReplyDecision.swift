/// What a department said, in canonical terms.
public enum ReplyDecision: Sendable, Hashable {
    /// Acknowledged (受理), no result yet.
    case received
    /// Approved with every output of the matter, canonical formats (`Topics/README.md`).
    case approved(outputs: JSONObject)
    case rejected(reason: String)
    case supplementRequired(reason: String)
    /// The department's interface failed (an envelope status code other than success): not a decision,
    /// the request counts as unacknowledged.
    case interfaceFailure(code: String, message: String)

    /// The matter state this decision moves to; nil for an interface failure.
    public var matterState: MatterState? {
        switch self {
        case .received: return .received
        case .approved: return .approved
        case .rejected: return .rejected
        case .supplementRequired: return .supplementRequired
        case .interfaceFailure: return nil
        }
    }
}

/// A decoded reply: which request it answers (text as in the document, to compare with
/// `ce_inreplyto`) and the decision.
public struct DepartmentReply: Sendable, Hashable {
    public let requestID: String
    public let decision: ReplyDecision

    public init(requestID: String, decision: ReplyDecision) {
        self.requestID = requestID
        self.decision = decision
    }
}
