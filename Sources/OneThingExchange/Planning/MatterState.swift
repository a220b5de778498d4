/// The lifecycle of one matter (a status snapshot's matter `state`, `Topics/asyncapi.json`).
public enum MatterState: String, Sendable, Codable, CaseIterable {
    case waiting
    case sent
    case received
    case supplementRequired = "supplement-required"
    case approved
    case rejected
    case cancelled

    /// Final states never change again; replies after them only go to history.
    public var isFinal: Bool {
        switch self {
        case .approved, .rejected, .cancelled: return true
        case .waiting, .sent, .received, .supplementRequired: return false
        }
    }
}
