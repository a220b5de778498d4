import Foundation

/// Reads one command's arguments into flag values and resolves each flag against the
/// environment, so every tool of the hub follows the same rules:
///
/// - `--flag value` and `--flag=value`; a value that itself starts with `--` must use
///   the `=` form (otherwise a forgotten value would silently swallow the next flag);
/// - a flag given twice is an error unless it is repeatable; a switch may repeat;
/// - `--help` or `-h` anywhere asks for usage;
/// - the flag wins over the environment, where `--bootstrap-servers` is read as
///   `<PREFIX>BOOTSTRAP_SERVERS`, and an empty environment variable counts as unset (a
///   deployment that blanks a variable means "not set", not "set to nothing").
///
/// Pure: it sees only the arguments and the environment it is given, so every rule is
/// tested without a process. A tool whose accepted flags depend on a word of the command
/// line (hubctl's command word) widens the `scope` when it meets that word.
public struct CommandLineScanner: Sendable {
    /// What is accepted at this point of the command line, and whose usage an error shows.
    public struct Scope: Sendable {
        public var flags: [CommandLineFlag]
        public var usage: String
        /// Said after "unknown flag '--x'", to tell where the flag would be known
        /// (" for list").
        public var unknownFlagNote: String

        public init(flags: [CommandLineFlag], usage: String, unknownFlagNote: String = "") {
            self.flags = flags
            self.usage = usage
            self.unknownFlagNote = unknownFlagNote
        }
    }

    /// `ONETHING_` for the hub's tools; `DEPTSIM_` for the department simulator, which is
    /// not part of a deployment and so must not pick up the hub's settings.
    public let environmentPrefix: String
    public private(set) var scope: Scope
    public private(set) var helpRequested = false
    private var given: [String: [String]] = [:]

    public init(flags: [CommandLineFlag], usage: String, environmentPrefix: String = "ONETHING_",
                unknownFlagNote: String = "") {
        self.environmentPrefix = environmentPrefix
        scope = Scope(flags: flags, usage: usage, unknownFlagNote: unknownFlagNote)
    }

    /// A usage error with the usage text of the current scope.
    public func fail(_ message: String) -> UsageError { UsageError(message, usage: scope.usage) }

    /// Scans `arguments`, refusing any that is not a flag or a flag's value.
    public mutating func scan(_ arguments: some Collection<String>) throws(UsageError) {
        try scan(arguments) { (argument: String, scope: inout Scope) throws(UsageError) in
            throw UsageError("unexpected argument '\(argument)'", usage: scope.usage)
        }
    }

    /// Scans `arguments`, handing every one that is not a flag or a flag's value to
    /// `positional` in order, together with the scope it may widen.
    public mutating func scan(
        _ arguments: some Collection<String>,
        positional: (String, inout Scope) throws(UsageError) -> Void
    ) throws(UsageError) {
        let arguments = Array(arguments)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                helpRequested = true
            } else if argument.hasPrefix("--"), argument.count > 2 {
                let (name, inline) = Self.split(argument.dropFirst(2))
                guard let flag = scope.flags.first(where: { $0.name == name }) else {
                    throw fail("unknown flag '--\(name)'\(scope.unknownFlagNote)")
                }
                if flag.kind == .switch {
                    guard inline == nil else { throw fail("--\(name) takes no value") }
                    given[name, default: []].append("")
                    continue
                }
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard index < arguments.count, !Self.looksLikeFlag(arguments[index]) else {
                        throw fail("--\(name) needs a value")
                    }
                    value = arguments[index]
                    index += 1
                }
                if flag.kind == .value, given[name] != nil {
                    throw fail("--\(name) given more than once")
                }
                given[name, default: []].append(value)
            } else if argument.hasPrefix("-"), argument.count > 1, !argument.hasPrefix("--") {
                throw fail("unknown flag '\(argument)'")
            } else {
                try positional(argument, &scope)
            }
        }
    }

    /// `name=value` -> ("name", "value"); `name` -> ("name", nil).
    private static func split(_ body: Substring) -> (String, String?) {
        guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// A following argument that starts with `--` (or is `-h`) is the next flag, not a
    /// value; a single dash is allowed so that `--time-scale -1` reaches the range check.
    private static func looksLikeFlag(_ argument: String) -> Bool {
        argument.hasPrefix("--") || argument == "-h"
    }

    /// `bootstrap-servers` -> `ONETHING_BOOTSTRAP_SERVERS`.
    public func environmentName(_ name: String) -> String {
        environmentPrefix + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The flag's value from the command line only (the last one of a repeatable flag).
    public func value(_ name: String) -> FlagValue? {
        given[name]?.last.map { FlagValue(text: $0, origin: "--\(name)") }
    }

    /// The flag's value, else the environment's (non-empty) value, else nil.
    public func value(_ name: String, environment: [String: String]) -> FlagValue? {
        if let value = value(name) { return value }
        let variable = environmentName(name)
        guard let text = environment[variable], !text.isEmpty else { return nil }
        return FlagValue(text: text, origin: variable)
    }

    /// Every value of a repeatable flag, in command-line order.
    public func values(_ name: String) -> [FlagValue] {
        (given[name] ?? []).map { FlagValue(text: $0, origin: "--\(name)") }
    }

    /// Whether a switch was given on the command line.
    public func isSet(_ name: String) -> Bool { given[name] != nil }

    /// Whether a switch was given, or its environment variable says yes (`1`, `true`,
    /// `yes` or `on`, in any case).
    public func isSet(_ name: String, environment: [String: String]) -> Bool {
        if isSet(name) { return true }
        guard let text = environment[environmentName(name)]?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(text)
    }
}
