import OneThingExchange

/// One application the generator made: the form, what it was made to contain, and, for a
/// deliberately invalid one, the fault it carries.
public struct GeneratedApplication: Sendable, Hashable {
    public let id: String
    public let document: JSONValue
    public let options: ApplicationOptions
    public let defect: ApplicationDefect?

    public var isValid: Bool { defect == nil }
}
