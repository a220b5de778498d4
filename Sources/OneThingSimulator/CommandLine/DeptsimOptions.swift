import Foundation

/// `deptsim`'s settings, from flags with `DEPTSIM_*` environment fallbacks (flag wins).
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
                   [--delay-ms N] [--seed N] [--group-id ID] [--kafka KEY=VALUE]...
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
      --rule               forced outcome, repeatable, first match wins DEPTSIM_RULES=R;R
                           e.g. --rule M10=reject@GX-2026 (a supplement is asked for on the
                           first revision only; the supplemented revision is approved)
    One line per reply on standard output; SIGTERM or SIGINT stops it cleanly.
    """

    /// A bad command line; `message` says what is wrong (the usage text goes with it).
    public struct UsageError: Error, Sendable, Equatable { public let message: String }

    public enum Parsed: Sendable, Equatable {
        case run(DeptsimOptions)
        case help
    }

    public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Parsed {
        var values: [String: String] = [:]
        var kafkaPairs: [String] = []
        var ruleTexts: [String] = []
        var acknowledgeFirst: Bool?
        let valued: Set<String> = ["bootstrap-servers", "departments", "flow", "catalogue", "approve-rate", "reject-rate",
                                   "supplement-rate", "silence-rate", "duplicate-rate", "delay-ms", "seed", "group-id", "kafka", "rule"]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return .help }
            guard argument.hasPrefix("--") else { throw UsageError(message: "unexpected argument '\(argument)'") }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if name == "ack-first" {
                guard inline == nil else { throw UsageError(message: "--ack-first takes no value") }
                acknowledgeFirst = true
                continue
            }
            guard valued.contains(name) else { throw UsageError(message: "unknown option --\(name)") }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index < arguments.count else { throw UsageError(message: "--\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            switch name {
            case "kafka": kafkaPairs.append(value)
            case "rule": ruleTexts.append(value)
            default: values[name] = value
            }
        }
        func value(_ name: String) -> String? {
            values[name] ?? environment["DEPTSIM_" + name.uppercased().replacingOccurrences(of: "-", with: "_")]
        }
        guard let servers = value("bootstrap-servers")?.trimmingCharacters(in: .whitespaces), !servers.isEmpty else {
            throw UsageError(message: "--bootstrap-servers (or DEPTSIM_BOOTSTRAP_SERVERS) is required")
        }
        var options = DeptsimOptions(bootstrapServers: servers)
        if let list = value("departments") {
            let codes = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !codes.isEmpty else { throw UsageError(message: "--departments names no department") }
            options.departments = codes
        }
        if let flow = value("flow") { options.flow = flow }
        options.catalogue = value("catalogue")
        func rate(_ name: String) throws(UsageError) -> Double? {
            guard let text = value(name) else { return nil }
            guard let number = Double(text), number >= 0, number <= 1 else {
                throw UsageError(message: "--\(name) must be a number from 0 to 1, not '\(text)'")
            }
            return number
        }
        options.approveRate = try rate("approve-rate")
        options.rejectRate = try rate("reject-rate") ?? options.rejectRate
        options.supplementRate = try rate("supplement-rate") ?? options.supplementRate
        options.silenceRate = try rate("silence-rate") ?? 0
        options.duplicateRate = try rate("duplicate-rate") ?? 0
        if options.approveRate == nil, options.rejectRate + options.supplementRate > 1 {
            throw UsageError(message: "--reject-rate and --supplement-rate add up to more than 1")
        }
        if let text = value("delay-ms") {
            guard let number = Int(text), number >= 0 else { throw UsageError(message: "--delay-ms must be a whole number >= 0, not '\(text)'") }
            options.delayMilliseconds = number
        }
        if let text = value("seed") {
            guard let number = UInt64(text) else { throw UsageError(message: "--seed must be a whole number >= 0, not '\(text)'") }
            options.seed = number
        }
        options.groupID = value("group-id")
        if let flag = acknowledgeFirst {
            options.acknowledgeFirst = flag
        } else if let text = environment["DEPTSIM_ACK_FIRST"]?.lowercased() {
            options.acknowledgeFirst = ["1", "true", "yes", "on"].contains(text)
        }
        let pairs = (environment["DEPTSIM_KAFKA"].map { $0.split(separator: ",").map(String.init) } ?? []) + kafkaPairs
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw UsageError(message: "--kafka needs KEY=VALUE, not '\(pair)'")
            }
            options.kafka[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        let rules = (environment["DEPTSIM_RULES"].map { $0.split(separator: ";").map(String.init) } ?? []) + ruleTexts
        for text in rules {
            guard let rule = MatterRule(parsing: text.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError(message: "--rule needs MATTER=approve|reject|supplement|silence[@PREFIX], not '\(text)'")
            }
            options.rules.append(rule)
        }
        return .run(options)
    }
}
