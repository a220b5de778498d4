/// How the one thing ended.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    case completed
    case partiallyCompleted = "partially-completed"
    case rejected
    case withdrawn

    /// The application state that goes with this outcome.
    public var applicationState: ApplicationState {
        switch self {
        case .completed: return .completed
        case .partiallyCompleted: return .partiallyCompleted
        case .rejected: return .rejected
        case .withdrawn: return .withdrawn
        }
    }
}
