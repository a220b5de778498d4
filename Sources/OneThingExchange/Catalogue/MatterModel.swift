/// Everything the catalogue says about one matter, beyond its public definition.
struct MatterModel: Sendable, Hashable {
    let definition: MatterDefinition
    let applicableWhen: Rule
    /// The reason given when `applicableWhen` does not hold.
    let otherwise: String
    /// Overrides: the matter does not apply when a rule holds, for the given reason.
    let notApplicableWhen: [Exclusion]
    let outputTypes: [String: OutputType]
}

/// Types of canonical outputs (`Topics/README.md`): how a later request or the status event reads them.
enum OutputType: String, Sendable, Hashable {
    case date, month, money, count, string
}

/// A rule under which the matter does not apply, and the reason then given.
struct Exclusion: Sendable, Hashable {
    let when: Rule
    let reason: String
}
