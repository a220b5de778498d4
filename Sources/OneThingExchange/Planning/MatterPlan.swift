/// Which matters this application needs (catalogue order, concrete codes only) and,
/// for the others, why not.
public struct MatterPlan: Sendable, Hashable {
    public let applicable: [String]
    public let notApplicable: [NotApplicable]

    public init(applicable: [String], notApplicable: [NotApplicable]) {
        self.applicable = applicable
        self.notApplicable = notApplicable
    }
}

/// A matter this application does not need, and the reason.
public struct NotApplicable: Sendable, Hashable, Codable {
    public let matter: String
    public let reason: String

    public init(matter: String, reason: String) {
        self.matter = matter
        self.reason = reason
    }
}
