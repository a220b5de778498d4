/// A reply that breaks its department's schema. `reason` is one sentence naming what is
/// wrong; it becomes the dead letter's `dlq_reason`.
public struct ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
