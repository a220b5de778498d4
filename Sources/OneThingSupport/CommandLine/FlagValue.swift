/// A flag's text and where it came from, named the way the user wrote it
/// (`--time-scale` or `ONETHING_TIME_SCALE`), so a message can point at it.
public struct FlagValue: Sendable, Hashable {
    public let text: String
    public let origin: String
}

extension FlagValue {
    /// For values a tool reads from somewhere the scanner does not (a list in one
    /// environment variable, say), so they are converted and reported alike.
    public init(_ text: String, origin: String) { self.init(text: text, origin: origin) }
}
