/// A command line (or its environment) that `hubd` cannot act on.
///
/// The message is one line naming what is wrong (`--partitions expects a whole number
/// from 1 to 2147483647, got 'x'`); `usage` is the usage text of the command concerned,
/// so the executable prints both and exits with status 2.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let usage: String

    public init(_ message: String, usage: String) {
        self.message = message
        self.usage = usage
    }

    public var description: String { message }
}
