import OneThingCrypto
import OneThingSupport

/// Parses `hubd keys generate` and `hubd sign` (see `HubUsage.keys` and `HubUsage.sign`).
enum KeyCommandLine {
    static func parseKeys(_ arguments: ArraySlice<String>, environment: [String: String]) throws(UsageError) -> HubCommand {
        guard let sub = arguments.first else { throw UsageError("missing keys command (generate)", usage: HubUsage.keys) }
        if sub == "--help" || sub == "-h" { return .help(usage: HubUsage.keys) }
        guard sub == "generate" else { throw UsageError("unknown keys command '\(sub)'", usage: HubUsage.keys) }
        var scanner = CommandLineScanner(flags: [
            CommandLineFlag("out"), CommandLineFlag("for", .repeatable), CommandLineFlag("algorithm"),
            CommandLineFlag("replace", .switch), CommandLineFlag("catalogue"),
        ], usage: HubUsage.keys)
        try scanner.scan(arguments.dropFirst())
        if scanner.helpRequested { return .help(usage: HubUsage.keys) }
        var configuration = HubKeysConfiguration(outputDirectory: try scanner.nonEmptyText(scanner.required("out", environment: [:])))
        configuration.signers = try scanner.values("for").map { value throws(UsageError) in
            let signer = value.text.hasPrefix("/") ? value.text : "/" + value.text
            do {
                _ = try KeyDirectory.relativeName(for: signer)
            } catch {
                throw UsageError("--for \(value.text): \(error)", usage: HubUsage.keys)
            }
            return signer
        }
        if let name = scanner.value("algorithm", environment: [:]) {
            guard let algorithm = SignatureAlgorithm(configurationName: name.text) else {
                throw UsageError("--algorithm expects sm2 or ed25519, got '\(name.text)'", usage: HubUsage.keys)
            }
            configuration.algorithm = algorithm
        }
        configuration.replace = scanner.isSet("replace")
        configuration.catalogueDirectory = try scanner.text("catalogue", environment: environment)
        return .generateKeys(configuration)
    }

    /// kcat's own spelling for the message (`-k KEY`, `-H NAME=VALUE`, the value file last),
    /// so an integrator puts `hubd sign --key FILE` in front of the arguments they already have.
    static func parseSign(_ arguments: ArraySlice<String>) throws(UsageError) -> HubCommand {
        var keyFile: String?
        var configuration = HubSignConfiguration(keyFile: "")
        var rest = arguments[...]
        func next(_ flag: String) throws(UsageError) -> String {
            guard let value = rest.popFirst() else { throw UsageError("\(flag) needs a value", usage: HubUsage.sign) }
            return value
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--help", "-h": return .help(usage: HubUsage.sign)
            case "--key": keyFile = try next(argument)
            case "--signer": configuration.signer = try next(argument)
            case "-k": configuration.messageKey = try next(argument)
            case "-H":
                let header = try next(argument)
                guard let equals = header.firstIndex(of: "="), equals != header.startIndex else {
                    throw UsageError("-H expects NAME=VALUE, got '\(header)'", usage: HubUsage.sign)
                }
                configuration.headers.append(HubSignHeader(name: String(header[..<equals]),
                                                           value: String(header[header.index(after: equals)...])))
            case "--format":
                let name = try next(argument)
                guard let format = HubSignConfiguration.Format(rawValue: name) else {
                    throw UsageError("--format expects kcat or lines, got '\(name)'", usage: HubUsage.sign)
                }
                configuration.format = format
            default:
                guard !argument.hasPrefix("-") || argument == "-", configuration.valueFile == nil else {
                    throw UsageError("unexpected argument '\(argument)'", usage: HubUsage.sign)
                }
                configuration.valueFile = argument == "-" ? nil : argument
            }
        }
        guard let keyFile, !keyFile.isEmpty else { throw UsageError("missing --key FILE", usage: HubUsage.sign) }
        configuration.keyFile = keyFile
        return .sign(configuration)
    }
}
