import OneThingExchange

/// Turns hubctl's command line (and environment) into a `HubctlRequest`. Pure: no I/O,
/// so every rule of the command line is tested without running anything.
///
/// Global options (`--store`, `--catalogue`, `--json`, `--lock-timeout`, `--help`) may
/// stand before or after the command word; a command's own options come after it.
/// `--name value` and `--name=value` are both accepted. The flag wins over the
/// environment (`ONETHING_STORE`, `ONETHING_CATALOGUE`, `ONETHING_LOCK_TIMEOUT`).
public enum HubctlArguments {
    public static let defaultListLimit = 50
    public static let maximumLimit = 1_000_000

    public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> HubctlRequest {
        var scanner = Scanner()
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "-h" || token == "--help" {
                scanner.help = true
            } else if token.hasPrefix("--"), token.count > 2 {
                let (name, inlineValue) = split(option: token)
                let spec = try scanner.spec(for: name)
                if spec.takesValue {
                    if let inlineValue {
                        try scanner.set(name, inlineValue)
                    } else {
                        guard index < arguments.count else {
                            throw UsageError("option --\(name) needs a value", command: scanner.command)
                        }
                        try scanner.set(name, arguments[index])
                        index += 1
                    }
                } else {
                    guard inlineValue == nil else {
                        throw UsageError("option --\(name) takes no value", command: scanner.command)
                    }
                    try scanner.set(name, nil)
                }
            } else if token.hasPrefix("-"), token.count > 1 {
                throw UsageError("unknown option '\(token)'", command: scanner.command)
            } else if scanner.command == nil && token == "help" && !scanner.help {
                scanner.help = true     // `hubctl help [COMMAND]` reads like `--help`
            } else if scanner.command == nil {
                guard let command = HubctlCommandName(rawValue: token) else {
                    throw UsageError("unknown command '\(token)'")
                }
                scanner.command = command
            } else {
                scanner.positionals.append(token)
            }
        }
        if scanner.help { return .help(scanner.command) }
        guard let name = scanner.command else { throw UsageError("no command given") }
        let command = try scanner.command(name)
        guard let store = nonEmpty(scanner.values["store"] ?? environment["ONETHING_STORE"]) else {
            throw UsageError("no store given: pass --store PATH or set ONETHING_STORE", command: name)
        }
        let catalogue = nonEmpty(scanner.values["catalogue"] ?? environment["ONETHING_CATALOGUE"])
        var lockTimeout = HubctlInvocation.defaultLockTimeout
        if let text = nonEmpty(scanner.values["lock-timeout"] ?? environment["ONETHING_LOCK_TIMEOUT"]) {
            guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
                throw UsageError("--lock-timeout must be a number of seconds between 0 and 3600, not '\(text)'", command: name)
            }
            lockTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
        }
        return .run(HubctlInvocation(storePath: store, cataloguePath: catalogue, json: scanner.flags.contains("json"),
                                     lockTimeout: lockTimeout, command: command))
    }

    private static func split(option token: String) -> (String, String?) {
        let body = token.dropFirst(2)
        guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    struct OptionSpec {
        let takesValue: Bool
    }

    static let globalOptions: [String: OptionSpec] = [
        "store": OptionSpec(takesValue: true), "catalogue": OptionSpec(takesValue: true),
        "lock-timeout": OptionSpec(takesValue: true), "json": OptionSpec(takesValue: false),
    ]

    static let commandOptions: [HubctlCommandName: [String: OptionSpec]] = [
        .list: ["state": OptionSpec(takesValue: true), "department": OptionSpec(takesValue: true),
                "limit": OptionSpec(takesValue: true)],
        .show: ["history": OptionSpec(takesValue: false), "reveal": OptionSpec(takesValue: false)],
        .overdue: ["department": OptionSpec(takesValue: true)],
        .stats: [:],
        .deadletters: ["limit": OptionSpec(takesValue: true)],
        .resend: [:],
        .withdraw: ["reason": OptionSpec(takesValue: true)],
    ]

    /// What has been read so far.
    private struct Scanner {
        var command: HubctlCommandName?
        var help = false
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []

        func spec(for name: String) throws(UsageError) -> OptionSpec {
            if let spec = globalOptions[name] { return spec }
            if let command, let spec = commandOptions[command]?[name] { return spec }
            if let command {
                throw UsageError("unknown option '--\(name)' for \(command.rawValue)", command: command)
            }
            throw UsageError("unknown option '--\(name)' (command options go after the command)")
        }

        mutating func set(_ name: String, _ value: String?) throws(UsageError) {
            if let value {
                guard !value.isEmpty else { throw UsageError("option --\(name) needs a non-empty value", command: command) }
                values[name] = value
            } else {
                flags.insert(name)
            }
        }

        func command(_ name: HubctlCommandName) throws(UsageError) -> HubctlCommand {
            switch name {
            case .list:
                try expectPositionals([], name)
                return .list(state: try state(), department: values["department"],
                             limit: try limit(default: defaultListLimit, name))
            case .show:
                let id = try expectPositionals(["APPLICATION_ID"], name)[0]
                return .show(applicationID: id, history: flags.contains("history"), reveal: flags.contains("reveal"))
            case .overdue:
                try expectPositionals([], name)
                return .overdue(department: values["department"])
            case .stats:
                try expectPositionals([], name)
                return .stats
            case .deadletters:
                try expectPositionals([], name)
                return .deadLetters(limit: try limit(default: defaultListLimit, name))
            case .resend:
                let given = try expectPositionals(["APPLICATION_ID", "MATTER"], name)
                return .resend(applicationID: given[0], matter: given[1])
            case .withdraw:
                let id = try expectPositionals(["APPLICATION_ID"], name)[0]
                guard let reason = values["reason"]?.trimmingSpaces, !reason.isEmpty else {
                    throw UsageError("withdraw needs --reason TEXT", command: name)
                }
                return .withdraw(applicationID: id, reason: reason)
            }
        }

        @discardableResult
        func expectPositionals(_ names: [String], _ command: HubctlCommandName) throws(UsageError) -> [String] {
            if positionals.count < names.count {
                let missing = names[positionals.count...].joined(separator: " ")
                throw UsageError("\(command.rawValue) needs \(missing)", command: command)
            }
            if positionals.count > names.count {
                throw UsageError("unexpected argument '\(positionals[names.count])'", command: command)
            }
            return positionals
        }

        func state() throws(UsageError) -> ApplicationState? {
            guard let text = values["state"] else { return nil }
            guard let state = ApplicationState(rawValue: text) else {
                let known = ApplicationState.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError("unknown state '\(text)' (one of \(known))", command: command)
            }
            return state
        }

        func limit(default fallback: Int, _ command: HubctlCommandName) throws(UsageError) -> Int {
            guard let text = values["limit"] else { return fallback }
            guard let limit = Int(text), limit > 0, limit <= maximumLimit else {
                throw UsageError("--limit must be a whole number from 1 to \(maximumLimit), not '\(text)'", command: command)
            }
            return limit
        }
    }
}

extension String {
    /// Without leading and trailing spaces and line breaks.
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
