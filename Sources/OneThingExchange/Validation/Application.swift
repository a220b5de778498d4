/// A validated application: its id and the whole form as received (or as patched by
/// supplements). Only `Flow.validate` and `Flow.supplement` make one, so holding an
/// `Application` means the form passed every rule.
public struct Application: Sendable, Hashable {
    public let id: String
    public let document: JSONValue

    /// For restoring an application the hub validated earlier (from its store); new
    /// input must go through `Flow.validate`.
    public init(id: String, document: JSONValue) {
        self.id = id
        self.document = document
    }
}

/// The verdict on a form: usable, or every problem found at once.
public enum Validation: Sendable, Hashable {
    case valid(Application)
    case invalid([FieldIssue])
}
