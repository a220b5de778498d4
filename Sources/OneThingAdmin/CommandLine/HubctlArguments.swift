import OneThingExchange
import OneThingSupport

/// Turns hubctl's command line (and environment) into a `HubctlRequest`. Pure: no I/O,
/// so every rule of the command line is tested without running anything.
///
/// The rules are `CommandLineScanner`'s, shared with `hubd`: `--name value` and
/// `--name=value`, a flag given twice is an error, the flag wins over the environment
/// (`ONETHING_STORE`, `ONETHING_CATALOGUE`, `ONETHING_LOCK_TIMEOUT`: the same names
/// `hubd` reads, so one environment serves both). Global options (`--store`,
/// `--catalogue`, `--json`, `--lock-timeout`, `--help`) may stand before or after the
/// command word; a command's own options come after it.
public enum HubctlArguments {
    public static let defaultListLimit = 50
    public static let maximumLimit = 1_000_000

    public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> HubctlRequest {
        var scanner = CommandLineScanner(flags: globalFlags, usage: HubctlUsage.tool,
                                         unknownFlagNote: " (command options go after the command)")
        var command: HubctlCommandName?
        var helpWord = false
        var positionals: [String] = []
        try scanner.scan(arguments) { (word: String, scope: inout CommandLineScanner.Scope) throws(UsageError) in
            if command != nil {
                positionals.append(word)
            } else if word == "help" && !helpWord {
                helpWord = true     // `hubctl help [COMMAND]` reads like `--help`
            } else {
                guard let name = HubctlCommandName(rawValue: word) else {
                    throw UsageError("unknown command '\(word)'", usage: HubctlUsage.tool)
                }
                command = name
                scope = CommandLineScanner.Scope(flags: globalFlags + (commandFlags[name] ?? []),
                                                 usage: HubctlUsage.command(name),
                                                 unknownFlagNote: " for \(name.rawValue)")
            }
        }
        if scanner.helpRequested || helpWord { return .help(command) }
        guard let name = command else { throw scanner.fail("no command given") }
        let given = Given(scanner: scanner, positionals: positionals, name: name)
        let parsed = try given.command(environment: environment)
        let source = try HubctlSourceChoice.choose(scanner: scanner, environment: environment, command: parsed)
        let catalogue = try scanner.text("catalogue", environment: environment)
        var lockTimeout = HubctlInvocation.defaultLockTimeout
        if let seconds = try scanner.number("lock-timeout", environment: environment, in: 0...3600) {
            lockTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
        }
        switch source {
        case .store(let store):
            return .run(HubctlInvocation(storePath: store, cataloguePath: catalogue, json: scanner.isSet("json"),
                                         lockTimeout: lockTimeout, command: parsed))
        case .cluster(let cluster):
            return .run(HubctlInvocation(cluster: cluster, cataloguePath: catalogue, json: scanner.isSet("json"),
                                         command: parsed))
        }
    }

    static let globalFlags = [
        CommandLineFlag("store"), CommandLineFlag("catalogue"), CommandLineFlag("lock-timeout"),
        CommandLineFlag("json", .switch),
        CommandLineFlag("bootstrap-servers"), CommandLineFlag("kafka", .repeatable),
    ]

    static let commandFlags: [HubctlCommandName: [CommandLineFlag]] = [
        .list: [CommandLineFlag("state"), CommandLineFlag("department"), CommandLineFlag("limit")],
        .show: [CommandLineFlag("history", .switch), CommandLineFlag("reveal", .switch), CommandLineFlag("operator"),
                CommandLineFlag("reason"), CommandLineFlag("archive", .switch)],
        .overdue: [CommandLineFlag("department")],
        .stats: [CommandLineFlag("by")],
        .deadletters: [CommandLineFlag("limit")],
        .resend: [CommandLineFlag("keys")],
        .withdraw: [CommandLineFlag("reason"), CommandLineFlag("keys")],
        .rectifications: [CommandLineFlag("department")],
        .cards: [CommandLineFlag("department"), CommandLineFlag("level")],
        .verify: [CommandLineFlag("keys")],
        .evidence: [],
    ]

    /// What the command line gave, once scanned: the command's options and its words.
    private struct Given {
        let scanner: CommandLineScanner
        let positionals: [String]
        let name: HubctlCommandName

        func command(environment: [String: String]) throws(UsageError) -> HubctlCommand {
            switch name {
            case .list:
                try expectPositionals([])
                return .list(state: try state(), department: try scanner.text("department"),
                             limit: try limit(default: defaultListLimit))
            case .show where scanner.isSet("archive"):
                guard !scanner.isSet("reveal") else {
                    throw scanner.fail("--reveal cannot be used with --archive (the archive is read-only, so the showing could not be recorded)")
                }
                let given = positionals.count == 2 ? try expectPositionals(["APPLICATION_ID", "DIR"])
                    : try expectPositionals(["APPLICATION_ID"])
                return .showArchived(applicationID: given[0], directory: given.count == 2 ? given[1] : nil,
                                     history: scanner.isSet("history"))
            case .show:
                let id = try expectPositionals(["APPLICATION_ID"])[0]
                return .show(applicationID: id, history: scanner.isSet("history"), reveal: try reveal(environment))
            case .overdue:
                try expectPositionals([])
                return .overdue(department: try scanner.text("department"))
            case .stats:
                try expectPositionals([])
                guard let by = try scanner.text("by") else { return .stats(by: nil) }
                guard let grouping = StatsGrouping(rawValue: by) else {
                    throw scanner.fail("--by must be one of " + StatsGrouping.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return .stats(by: grouping)
            case .deadletters:
                try expectPositionals([])
                return .deadLetters(limit: try limit(default: defaultListLimit))
            case .resend:
                let given = try expectPositionals(["APPLICATION_ID", "MATTER"])
                return .resend(applicationID: given[0], matter: given[1])
            case .withdraw:
                let id = try expectPositionals(["APPLICATION_ID"])[0]
                guard let reason = scanner.value("reason")?.text.trimmingSpaces, !reason.isEmpty else {
                    throw scanner.fail("withdraw needs --reason TEXT")
                }
                return .withdraw(applicationID: id, reason: reason)
            case .rectifications:
                try expectPositionals([])
                return .rectifications(department: try scanner.text("department"))
            case .cards:
                try expectPositionals([])
                return .cards(department: try scanner.text("department"), level: try scanner.text("level"))
            case .verify:
                try expectPositionals([])
                return .verify(keysDirectory: try scanner.text("keys", environment: environment))
            case .evidence:
                return .evidence(applicationID: try expectPositionals(["APPLICATION_ID"])[0])
            }
        }

        @discardableResult
        func expectPositionals(_ names: [String]) throws(UsageError) -> [String] {
            if positionals.count < names.count {
                let missing = names[positionals.count...].joined(separator: " ")
                throw scanner.fail("\(name.rawValue) needs \(missing)")
            }
            if positionals.count > names.count {
                throw scanner.fail("unexpected argument '\(positionals[names.count])'")
            }
            return positionals
        }

        /// `--reveal` with the operator (`--operator`, else `ONETHING_OPERATOR`) and
        /// `--reason`, all three or none: a reveal nobody is accountable for is refused.
        func reveal(_ environment: [String: String]) throws(UsageError) -> RevealRequest? {
            let operatorName = try scanner.text("operator", environment: environment)?.trimmingSpaces ?? ""
            let reason = scanner.value("reason")?.text.trimmingSpaces ?? ""
            guard scanner.isSet("reveal") else {
                if scanner.value("reason") != nil || scanner.value("operator") != nil {
                    throw scanner.fail("--operator and --reason go with --reveal")
                }
                return nil
            }
            guard !operatorName.isEmpty else {
                throw scanner.fail("show --reveal needs --operator NAME (or ONETHING_OPERATOR): who sees personal data is recorded")
            }
            guard !reason.isEmpty else {
                throw scanner.fail("show --reveal needs --reason TEXT: why personal data is shown is recorded")
            }
            return RevealRequest(operatorName: operatorName, reason: reason)
        }

        func state() throws(UsageError) -> ApplicationState? {
            guard let text = try scanner.text("state") else { return nil }
            guard let state = ApplicationState(rawValue: text) else {
                let known = ApplicationState.allCases.map(\.rawValue).joined(separator: ", ")
                throw scanner.fail("unknown state '\(text)' (one of \(known))")
            }
            return state
        }

        func limit(default fallback: Int) throws(UsageError) -> Int {
            try scanner.integer("limit", in: 1...maximumLimit) ?? fallback
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
