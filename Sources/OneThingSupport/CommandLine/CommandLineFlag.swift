/// One flag a command accepts, named without its leading dashes (`bootstrap-servers`).
public struct CommandLineFlag: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `--name VALUE` or `--name=VALUE`, at most once: a second one is more likely a
        /// mistake than a wish to override the first.
        case value
        /// `--name VALUE` as often as wanted, every value kept in order (`--kafka K=V`).
        case repeatable
        /// `--name` alone: given or not. `--name=VALUE` is refused rather than guessed at.
        case `switch`
    }

    public let name: String
    public let kind: Kind
}

extension CommandLineFlag {
    /// `CommandLineFlag("store")`, `CommandLineFlag("kafka", .repeatable)`: a list of
    /// flags reads like the usage text it implements.
    public init(_ name: String, _ kind: Kind = .value) { self.init(name: name, kind: kind) }
}
