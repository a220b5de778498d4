import OneThingExchange

/// The commands of hubctl, each with its options already checked: parsing turns the
/// command line into one of these or into a `UsageError`, never into half a command.
public enum HubctlCommand: Sendable, Hashable {
    case list(state: ApplicationState?, department: String?, limit: Int)
    /// `reveal`: nil masks personal data; otherwise who asked to see it and why.
    case show(applicationID: String, history: Bool, reveal: RevealRequest?)
    /// `show APPLICATION_ID --archive [DIR]`: from the archive (nil: beside the store).
    case showArchived(applicationID: String, directory: String?, history: Bool)
    case overdue(department: String?)
    /// `by`: the reform's figures per month, quarter, region or channel as well.
    case stats(by: StatsGrouping?)
    case deadLetters(limit: Int)
    case resend(applicationID: String, matter: String)
    case withdraw(applicationID: String, reason: String)
    case rectifications(department: String?)
    case cards(department: String?, level: String?)
    /// Checks the evidence chain; `keysDirectory` holds the hub's public key, which
    /// checkpoints must verify with (nil: their signatures are not checked).
    case verify(keysDirectory: String?)
    /// What the evidence log holds for one application.
    case evidence(applicationID: String)

    public var name: HubctlCommandName {
        switch self {
        case .list: return .list
        case .show, .showArchived: return .show
        case .overdue: return .overdue
        case .stats: return .stats
        case .deadLetters: return .deadletters
        case .resend: return .resend
        case .withdraw: return .withdraw
        case .rectifications: return .rectifications
        case .cards: return .cards
        case .verify: return .verify
        case .evidence: return .evidence
        }
    }

    /// Whether the command writes to the store (an order, or the record of a reveal).
    public var writes: Bool {
        switch self {
        case .resend, .withdraw: return true
        case .show(_, _, let reveal): return reveal != nil
        case .list, .overdue, .stats, .deadLetters, .showArchived, .rectifications, .cards, .verify, .evidence: return false
        }
    }
}

/// An operator's request to see an application's personal data unmasked: accountable,
/// so it names the operator (given explicitly, not taken from `$USER`, which anyone can
/// set) and the reason, both recorded with the application before anything is shown.
public struct RevealRequest: Sendable, Hashable {
    /// `--operator NAME` or `ONETHING_OPERATOR`.
    public var operatorName: String
    /// `--reason TEXT`.
    public var reason: String

    public init(operatorName: String, reason: String) {
        self.operatorName = operatorName
        self.reason = reason
    }
}

/// The command words, as typed.
public enum HubctlCommandName: String, Sendable, Hashable, CaseIterable {
    case list, show, overdue, stats, deadletters, resend, withdraw, rectifications, cards, verify, evidence
}

/// Everything one run of hubctl needs: where the store is (or the cluster), how to
/// answer, what to do.
public struct HubctlInvocation: Sendable, Hashable {
    /// One hubd's store (`--store`); nil when hubctl works against the cluster.
    public var storePath: String?
    /// The cluster (`--bootstrap-servers`): a view read from the flow's state topic,
    /// orders sent on its orders topic; nil when hubctl works on one store.
    public var cluster: HubctlCluster?
    /// `--catalogue DIR` / `ONETHING_CATALOGUE`; nil: located like hubd does.
    public var cataloguePath: String?
    public var json: Bool
    /// How long to wait for a store another process has locked before giving up (exit 3).
    public var lockTimeout: Duration
    public var command: HubctlCommand

    public init(storePath: String, cataloguePath: String? = nil, json: Bool = false,
                lockTimeout: Duration = HubctlInvocation.defaultLockTimeout, command: HubctlCommand) {
        self.storePath = storePath
        self.cluster = nil
        self.cataloguePath = cataloguePath
        self.json = json
        self.lockTimeout = lockTimeout
        self.command = command
    }

    public init(cluster: HubctlCluster, cataloguePath: String? = nil, json: Bool = false, command: HubctlCommand) {
        self.storePath = nil
        self.cluster = cluster
        self.cataloguePath = cataloguePath
        self.json = json
        self.lockTimeout = HubctlInvocation.defaultLockTimeout
        self.command = command
    }

    public static let defaultLockTimeout: Duration = .seconds(5)
}

/// The cluster hubctl works against: the brokers, and librdkafka properties passed
/// through (`--kafka KEY=VALUE`, `ONETHING_KAFKA`: security settings), as hubd takes them.
public struct HubctlCluster: Sendable, Hashable {
    public var bootstrapServers: String
    public var kafkaProperties: [String: String]
    /// The keys folder holding the operator's private key (`operators/<name>.key.pem`),
    /// which signs the orders sent over the orders topic (`--keys`, `ONETHING_KEYS`);
    /// nil: orders leave unsigned, and a hub that verifies refuses them.
    public var keysDirectory: String?

    public init(bootstrapServers: String, kafkaProperties: [String: String] = [:], keysDirectory: String? = nil) {
        self.bootstrapServers = bootstrapServers
        self.kafkaProperties = kafkaProperties
        self.keysDirectory = keysDirectory
    }
}

/// What the command line asks for: help (on the tool or one command) or a run.
public enum HubctlRequest: Sendable, Hashable {
    case help(HubctlCommandName?)
    case run(HubctlInvocation)
}
