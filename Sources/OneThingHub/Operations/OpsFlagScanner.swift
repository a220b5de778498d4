import Foundation

/// Splits one subcommand's arguments into flag values, then resolves each flag against the
/// `ONETHING_*` environment, so every subcommand gets the same rules:
/// `--flag value` and `--flag=value`, the flag wins over the environment, an empty
/// environment variable counts as unset, a flag given twice is an error unless it is
/// repeatable (`--kafka`), and `--help`/`-h` anywhere asks for usage.
struct OpsFlagScanner {
    /// One accepted flag.
    struct Flag {
        let name: String            // without the leading dashes: "bootstrap-servers"
        var repeatable = false

        /// `bootstrap-servers` -> `ONETHING_BOOTSTRAP_SERVERS`.
        var environmentName: String {
            "ONETHING_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    /// Where a resolved value came from, named the way the user wrote it, for messages.
    struct Value {
        let text: String
        let origin: String          // "--time-scale" or "ONETHING_TIME_SCALE"
    }

    let flags: [Flag]
    let usage: String
    private(set) var given: [String: [String]] = [:]
    private(set) var helpRequested = false

    init(flags: [Flag], usage: String) {
        self.flags = flags
        self.usage = usage
    }

    func fail(_ message: String) -> UsageError { UsageError(message, usage: usage) }

    mutating func scan(_ arguments: ArraySlice<String>) throws(UsageError) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                helpRequested = true
                continue
            }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw fail("unexpected argument '\(argument)'")
            }
            let body = argument.dropFirst(2)
            let name: String
            let value: String
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
                guard let flag = flags.first(where: { $0.name == name }) else {
                    throw fail("unknown flag '--\(name)'")
                }
                guard index < arguments.endIndex, !Self.looksLikeFlag(arguments[index]) else {
                    throw fail("--\(flag.name) needs a value")
                }
                value = arguments[index]
                index += 1
            }
            guard let flag = flags.first(where: { $0.name == name }) else {
                throw fail("unknown flag '--\(name)'")
            }
            if !flag.repeatable, given[name] != nil {
                throw fail("--\(name) given more than once")
            }
            given[name, default: []].append(value)
        }
    }

    /// A following argument that starts with `--` (or is `-h`) is the next flag, not a value;
    /// a single dash is allowed so `--time-scale -1` reaches the range check.
    private static func looksLikeFlag(_ argument: String) -> Bool {
        argument.hasPrefix("--") || argument == "-h"
    }

    /// The flag's value, else the environment's (non-empty) value, else nil.
    func value(_ name: String, environment: [String: String]) -> Value? {
        if let texts = given[name], let last = texts.last {
            return Value(text: last, origin: "--\(name)")
        }
        let variable = Flag(name: name).environmentName
        if let text = environment[variable], !text.isEmpty {
            return Value(text: text, origin: variable)
        }
        return nil
    }

    /// Every value of a repeatable flag, in order.
    func values(_ name: String) -> [Value] {
        (given[name] ?? []).map { Value(text: $0, origin: "--\(name)") }
    }
}
