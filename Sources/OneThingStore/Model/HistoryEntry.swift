import Foundation

/// One line of an application's history: what happened, when, and which event did it.
public struct HistoryEntry: Sendable, Hashable {
    public var applicationID: String
    public var at: Date
    /// e.g. "submitted", "duplicate", "conflict", "invalid", "request-sent", "resent",
    /// "reply", "reply-duplicate", "reply-stale", "reply-late", "interface-failure",
    /// "stalled", "cancel-sent", "supplement", "supplement-invalid", "withdrawn", "order",
    /// "reveal", "due-soon", "overdue", "completed".
    public var kind: String
    public var matter: String?
    /// The `ce_id` involved.
    public var eventID: String?
    /// One readable sentence, free of personal data.
    public var detail: String

    public init(applicationID: String, at: Date, kind: String, matter: String? = nil,
                eventID: String? = nil, detail: String) {
        self.applicationID = applicationID
        self.at = at
        self.kind = kind
        self.matter = matter
        self.eventID = eventID
        self.detail = detail
    }
}
