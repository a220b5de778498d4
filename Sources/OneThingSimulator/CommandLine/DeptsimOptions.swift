import Foundation
import OneThingSupport

/// `deptsim`'s settings, from flags with `DEPTSIM_*` environment fallbacks (flag wins),
/// by the rules of `CommandLineScanner` that `hubd` and `hubctl` follow too. The prefix
/// is its own, not `ONETHING_`: the simulator stands for the departments, outside the
/// hub's deployment, and must not pick up the hub's settings from a shared environment.
/// Parsed here rather than in the executable so the tests can check every rule.
public struct DeptsimOptions: Sendable, Equatable {
    public var bootstrapServers: String
    /// nil: every department of the flow.
    public var departments: [String]?
    public var flow = "retirement"
    public var catalogue: String?
    /// nil: whatever weight rejections and supplements leave (1 - reject - supplement).
    public var approveRate: Double?
    public var rejectRate = 0.05
    public var supplementRate = 0.05
    public var silenceRate = 0.0
    public var duplicateRate = 0.0
    public var acknowledgeFirst = false
    public var delayMilliseconds = 0
    public var seed: UInt64?
    public var groupID: String?
    public var kafka: [String: String] = [:]
    /// Forced outcomes, first match wins.
    public var rules: [MatterRule] = []
    /// The keys folder with each played department's private key: replies are signed and
    /// quote the request's digest. nil: replies leave unsigned.
    public var keys: String?

    public init(bootstrapServers: String) { self.bootstrapServers = bootstrapServers }

    /// The simulator's behaviour these options ask for (`seed` decided by the caller
    /// when none was given).
    public func behaviour(seed: UInt64) -> SimulatorBehaviour {
        SimulatorBehaviour(approveRate: approveRate ?? max(0, 1 - rejectRate - supplementRate), rejectRate: rejectRate,
                           supplementRate: supplementRate, silenceRate: silenceRate, duplicateRate: duplicateRate,
                           acknowledgeFirst: acknowledgeFirst, delay: .milliseconds(delayMilliseconds), seed: seed,
                           rules: rules)
    }

    public static let usage = """
    usage: deptsim --bootstrap-servers HOST:PORT [--departments hrss,police,hpf,health,medicare]
                   [--flow retirement] [--catalogue DIR] [--approve-rate F] [--reject-rate F]
                   [--supplement-rate F] [--silence-rate F] [--duplicate-rate F] [--ack-first]
                   [--delay-ms N] [--seed N] [--group-id ID] [--kafka KEY=VALUE]... [--keys DIR]
                   [--rule MATTER=approve|reject|supplement|silence[@APPLICATION_ID_PREFIX]]...

    Simulated department systems: answer the hub's requests in each department's own schema.
      --bootstrap-servers  Kafka brokers                              DEPTSIM_BOOTSTRAP_SERVERS
      --departments        department codes, comma-separated (all)    DEPTSIM_DEPARTMENTS
      --flow               flow of the catalogue (retirement)         DEPTSIM_FLOW
      --catalogue          catalogue directory (the package's Topics) DEPTSIM_CATALOGUE
      --approve-rate       weight of approvals (the rest)             DEPTSIM_APPROVE_RATE
      --reject-rate        weight of rejections (0.05)                DEPTSIM_REJECT_RATE
      --supplement-rate    weight of supplement requests (0.05)       DEPTSIM_SUPPLEMENT_RATE
      --silence-rate       probability a delivery goes unanswered (0) DEPTSIM_SILENCE_RATE
      --duplicate-rate     probability a reply is sent twice (0)      DEPTSIM_DUPLICATE_RATE
      --ack-first          send a 'received' reply before the result  DEPTSIM_ACK_FIRST=1
      --delay-ms           mean delay before a result, ms (0)         DEPTSIM_DELAY_MS
      --seed               seed of every decision (random)            DEPTSIM_SEED
      --group-id           consumer group (deptsim-<departments>)     DEPTSIM_GROUP_ID
      --kafka              librdkafka property, repeatable            DEPTSIM_KAFKA=K=V,K=V
      --keys               keys folder: replies signed with DIR/departments/<code>.key.pem
                           (mode 0600) and quoting ce_requestdigest    DEPTSIM_KEYS
      --rule               forced outcome, repeatable, first match wins DEPTSIM_RULES=R;R
                           e.g. --rule M10=reject@GX-2026 (a supplement is asked for on the
                           first revision only; the supplemented revision is approved)
    One line per reply on standard output; SIGTERM or SIGINT stops it cleanly.
    """

    public enum Parsed: Sendable, Equatable {
        case run(DeptsimOptions)
        case help
    }

    static let flags = ["bootstrap-servers", "departments", "flow", "catalogue", "approve-rate", "reject-rate",
                        "supplement-rate", "silence-rate", "duplicate-rate", "delay-ms", "seed", "group-id", "keys"]
        .map { CommandLineFlag($0) }
        + [CommandLineFlag("kafka", .repeatable), CommandLineFlag("rule", .repeatable), CommandLineFlag("ack-first", .switch)]

    public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Parsed {
        var scanner = CommandLineScanner(flags: flags, usage: usage, environmentPrefix: "DEPTSIM_")
        try scanner.scan(arguments)
        if scanner.helpRequested { return .help }
        let env = environment
        var options = DeptsimOptions(bootstrapServers: try scanner.nonEmptyText(scanner.required("bootstrap-servers", environment: env)))
        if let list = scanner.value("departments", environment: env) {
            let codes = list.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !codes.isEmpty else { throw scanner.fail("\(list.origin) names no department") }
            options.departments = codes
        }
        options.flow = try scanner.text("flow", environment: env) ?? options.flow
        options.catalogue = try scanner.text("catalogue", environment: env)
        func rate(_ name: String) throws(UsageError) -> Double? { try scanner.number(name, environment: env, in: 0...1) }
        options.approveRate = try rate("approve-rate")
        options.rejectRate = try rate("reject-rate") ?? options.rejectRate
        options.supplementRate = try rate("supplement-rate") ?? options.supplementRate
        options.silenceRate = try rate("silence-rate") ?? 0
        options.duplicateRate = try rate("duplicate-rate") ?? 0
        if options.approveRate == nil, options.rejectRate + options.supplementRate > 1 {
            throw scanner.fail("--reject-rate and --supplement-rate add up to more than 1")
        }
        options.delayMilliseconds = try scanner.integer("delay-ms", environment: env, in: 0...Int.max) ?? options.delayMilliseconds
        options.seed = try scanner.integer("seed", environment: env, in: 0...UInt64.max)
        options.groupID = try scanner.text("group-id", environment: env)
        options.keys = try scanner.text("keys", environment: env)
        options.acknowledgeFirst = scanner.isSet("ack-first", environment: env)
        options.kafka = try scanner.keyValueSettings("kafka", environment: env)
        // DEPTSIM_RULES holds several rules separated by ';' (a rule itself contains '=' and '@').
        let fromEnvironment = (env[scanner.environmentName("rules")] ?? "").split(separator: ";")
            .map { FlagValue(String($0), origin: scanner.environmentName("rules")) }
        for value in fromEnvironment + scanner.values("rule") {
            guard let rule = MatterRule(parsing: value.text.trimmingCharacters(in: .whitespaces)) else {
                throw scanner.fail("\(value.origin) expects MATTER=approve|reject|supplement|silence[@PREFIX], got '\(value.text)'")
            }
            options.rules.append(rule)
        }
        return .run(options)
    }
}
