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

    public init(_ name: String, _ kind: Kind = .value) {
        self.name = name
        self.kind = kind
    }
}

/// A flag's text and where it came from, named the way the user wrote it
/// (`--time-scale` or `ONETHING_TIME_SCALE`), so a message can point at it.
public struct FlagValue: Sendable, Hashable {
    public let text: String
    public let origin: String

    public init(text: String, origin: String) {
        self.text = text
        self.origin = origin
    }
}
