/// A request that cannot be built (e.g. an output it needs is missing).
public struct TranslationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
