import OneThingExchange

/// Counts of what a simulator saw and did, for tests, logs and the demo's summary.
public struct SimulatorStatistics: Sendable, Hashable {
    /// Request deliveries read (first deliveries and resends).
    public var requests = 0
    /// Deliveries of a request id already seen (the hub resending).
    public var redeliveries = 0
    /// Deliveries deliberately left unanswered.
    public var silenced = 0
    public var acknowledgements = 0
    public var approvals = 0
    public var rejections = 0
    public var supplements = 0
    public var interfaceFailures = 0
    /// Replies published a second time with the same `ce_id`.
    public var duplicates = 0
    public var cancels = 0
    /// Requests (or pending answers) dropped because their matter was cancelled.
    public var ignoredAfterCancel = 0
    /// Messages that were not a usable request or cancel.
    public var unreadable = 0
    /// Replies that could not be encoded or published.
    public var failures = 0

    public init() {}

    /// Decisions published (not counting acknowledgements and duplicates).
    public var decisions: Int { approvals + rejections + supplements + interfaceFailures }
}

/// One `cancel` the hub sent.
public struct CancelRecord: Sendable, Hashable {
    public let department: String
    public let applicationID: String
    public let matter: String
    public let reason: String
}

/// One reply published, for the caller's log line.
public struct SimulatedReply: Sendable {
    public let department: String
    public let applicationID: String
    public let matter: String
    /// `ce_inreplyto`: the request's `ce_id`.
    public let requestID: String
    /// The reply's own `ce_id`.
    public let eventID: String
    public let decision: ReplyDecision
    /// True for the second copy of a duplicated reply.
    public let duplicate: Bool
}

extension ReplyDecision {
    /// A short word for logs: received, approved, rejected, supplement-required, interface-failure.
    public var label: String {
        switch self {
        case .received: return "received"
        case .approved: return "approved"
        case .rejected: return "rejected"
        case .supplementRequired: return "supplement-required"
        case .interfaceFailure: return "interface-failure"
        }
    }
}
