/// A command line (or its environment) that a tool cannot act on.
///
/// `message` is one line naming what is wrong (`--partitions expects a whole number from
/// 1 to 2147483647, got 'x'`); `usage` is the usage text of the command concerned. Every
/// tool prints both to standard error and exits with status 2, so a script can tell
/// "called wrongly" from "failed".
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let usage: String

    public init(_ message: String, usage: String) {
        self.message = message
        self.usage = usage
    }

    public var description: String { message }
}
