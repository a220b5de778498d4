import OneThingSupport

/// Parses `hubd` command lines exactly as the contract fixes them (README, "Operating hubd").
///
/// Pure: it sees only the arguments (without the program name) and the environment it is
/// given, so tests need no process state. Defaults: group id `onething-hub`, time scale 1,
/// text logs at info, 3 partitions, replication factor 1 (see `HubTopicsConfiguration`).
public enum HubCommandLine {
    /// `arguments` excludes the program name: `["run", "--store", "hub.db", ...]`.
    public static func parse(arguments: [String], environment: [String: String]) throws(UsageError) -> HubCommand {
        guard let command = arguments.first else {
            throw UsageError("missing command", usage: HubUsage.tool)
        }
        let rest = arguments.dropFirst()
        switch command {
        case "--help", "-h", "help":
            return .help(usage: HubUsage.tool)
        case "run":
            return try parseRun(rest, environment: environment)
        case "topics":
            guard let sub = rest.first else {
                throw UsageError("missing topics command (create)", usage: HubUsage.topics)
            }
            if sub == "--help" || sub == "-h" { return .help(usage: HubUsage.topics) }
            guard sub == "create" else {
                throw UsageError("unknown topics command '\(sub)'", usage: HubUsage.topics)
            }
            return try parseTopics(rest.dropFirst(), environment: environment)
        case "demo":
            return try parseDemo(rest, environment: environment)
        case "keys":
            return try KeyCommandLine.parseKeys(rest, environment: environment)
        case "sign":
            return try KeyCommandLine.parseSign(rest)
        default:
            throw UsageError("unknown command '\(command)'", usage: HubUsage.tool)
        }
    }

    private typealias Flag = CommandLineFlag

    /// One subcommand's arguments, scanned against its flags and the logging flags every
    /// subcommand accepts.
    private static func scan(_ arguments: ArraySlice<String>, usage: String,
                             flags: [Flag]) throws(UsageError) -> CommandLineScanner {
        var scanner = CommandLineScanner(flags: flags + [Flag("log-format"), Flag("log-level")], usage: usage)
        try scanner.scan(arguments)
        return scanner
    }

    private static func parseRun(_ arguments: ArraySlice<String>,
                                 environment: [String: String]) throws(UsageError) -> HubCommand {
        let scanner = try scan(arguments, usage: HubUsage.run, flags: [
            Flag("bootstrap-servers"), Flag("store"), Flag("catalogue"),
            Flag("group-id"), Flag("instance-id"), Flag("time-scale"), Flag("kafka", .repeatable),
            Flag("metrics-port"), Flag("max-message-bytes"), Flag("health-stall-seconds"),
            Flag("health-outbox-age-seconds"), Flag("retention-days"), Flag("archive-dir"), Flag("record-cache-bytes"),
            Flag("keys"), Flag("signature-policy", .repeatable),
        ])
        if scanner.helpRequested { return .help(usage: HubUsage.run) }
        let env = environment
        var configuration = HubConfiguration(
            bootstrapServers: try scanner.bootstrapServers(scanner.required("bootstrap-servers", environment: env)),
            storePath: try scanner.nonEmptyText(scanner.required("store", environment: env)))
        configuration.catalogueDirectory = try scanner.text("catalogue", environment: env)
        configuration.groupID = try scanner.text("group-id", environment: env) ?? configuration.groupID
        configuration.instanceID = try scanner.text("instance-id", environment: env)
        if let value = scanner.value("time-scale", environment: env) {
            configuration.timeScale = try scanner.timeScale(value)
        }
        configuration.kafkaProperties = try scanner.kafkaProperties(environment: env)
        configuration.metricsPort = try scanner.integer("metrics-port", environment: env, in: 0...65535)
        configuration.maxMessageBytes = try scanner.integer("max-message-bytes", environment: env,
                                                            in: MessageSizeLimit.acceptedMaxMessageBytes)
            ?? configuration.maxMessageBytes
        configuration.healthStallSeconds = try scanner.integer("health-stall-seconds", environment: env, in: 1...86_400)
            ?? configuration.healthStallSeconds
        configuration.healthOutboxAgeSeconds = try scanner.integer("health-outbox-age-seconds", environment: env,
                                                                   in: 1...(86_400 * 30))
            ?? configuration.healthOutboxAgeSeconds
        configuration.retentionDays = try scanner.integer("retention-days", environment: env, in: 1...36_500)
            ?? configuration.retentionDays
        configuration.archiveDirectory = try scanner.text("archive-dir", environment: env)
        configuration.recordCacheBytes = try scanner.integer("record-cache-bytes", environment: env, in: 0...(1 << 40))
            ?? configuration.recordCacheBytes
        configuration.keysDirectory = try scanner.text("keys", environment: env)
        configuration.signaturePolicies = try scanner.signaturePolicies(environment: env)
        (configuration.logFormat, configuration.logLevel) = try scanner.logSettings(environment: env)
        return .run(configuration)
    }

    private static func parseTopics(_ arguments: ArraySlice<String>,
                                    environment: [String: String]) throws(UsageError) -> HubCommand {
        let scanner = try scan(arguments, usage: HubUsage.topics, flags: [
            Flag("bootstrap-servers"), Flag("partitions"), Flag("replication-factor"),
            Flag("catalogue"), Flag("kafka", .repeatable),
        ])
        if scanner.helpRequested { return .help(usage: HubUsage.topics) }
        let env = environment
        var configuration = HubTopicsConfiguration(
            bootstrapServers: try scanner.bootstrapServers(scanner.required("bootstrap-servers", environment: env)))
        configuration.partitions = try scanner.integer("partitions", environment: env, in: 1...Int32.max)
            ?? configuration.partitions
        configuration.replicationFactor = try scanner.integer("replication-factor", environment: env, in: 1...Int16.max)
            ?? configuration.replicationFactor
        configuration.catalogueDirectory = try scanner.text("catalogue", environment: env)
        configuration.kafkaProperties = try scanner.kafkaProperties(environment: env)
        (configuration.logFormat, configuration.logLevel) = try scanner.logSettings(environment: env)
        return .createTopics(configuration)
    }

    private static func parseDemo(_ arguments: ArraySlice<String>,
                                  environment: [String: String]) throws(UsageError) -> HubCommand {
        let scanner = try scan(arguments, usage: HubUsage.demo, flags: [
            Flag("applications"), Flag("time-scale"), Flag("store"), Flag("seed"),
            Flag("catalogue"), Flag("metrics-port"),
        ])
        if scanner.helpRequested { return .help(usage: HubUsage.demo) }
        let env = environment
        var configuration = HubDemoConfiguration()
        configuration.applications = try scanner.integer("applications", environment: env, in: 1...1_000_000)
            ?? configuration.applications
        if let value = scanner.value("time-scale", environment: env) {
            configuration.timeScale = try scanner.timeScale(value)
        }
        configuration.storePath = try scanner.text("store", environment: env)
        configuration.seed = try scanner.integer("seed", environment: env, in: 0...UInt64.max)
        configuration.catalogueDirectory = try scanner.text("catalogue", environment: env)
        configuration.metricsPort = try scanner.integer("metrics-port", environment: env, in: 0...65535)
        (configuration.logFormat, configuration.logLevel) = try scanner.logSettings(environment: env)
        return .demo(configuration)
    }
}
