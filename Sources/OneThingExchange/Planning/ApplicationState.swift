/// The state of a whole application as shown in status events.
public enum ApplicationState: String, Sendable, Codable, CaseIterable {
    case accepted
    case inProgress = "in-progress"
    case awaitingSupplement = "awaiting-supplement"
    case completed
    case partiallyCompleted = "partially-completed"
    case rejected
    case withdrawn
    case invalid
}
