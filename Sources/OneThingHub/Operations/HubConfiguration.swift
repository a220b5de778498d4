import OneThingStore

/// Settings of `hubd run`.
public struct HubConfiguration: Sendable, Equatable {
    /// Default consumer group: every `hubd` instance of one deployment shares it, so the
    /// flow's partitions are spread over the instances.
    public static let defaultGroupID = "onething-hub"

    /// `HOST:PORT[,HOST:PORT]`, normalised (entries trimmed), passed to librdkafka as is.
    public var bootstrapServers: String
    /// Path of the SQLite correlation store.
    public var storePath: String
    /// The catalogue directory given by `--catalogue`/`ONETHING_CATALOGUE`, or nil to let
    /// `CatalogueLocator` find the installed or checked-out `Topics/`.
    public var catalogueDirectory: String?
    public var groupID: String
    /// This instance's `group.instance.id` (Kafka static membership), nil for a dynamic
    /// member. With it, a restarted instance rejoins as the same member: within the
    /// session timeout no rebalance happens and it gets its own partitions back, and the
    /// range assignor orders static members by this id, not by a random member id.
    public var instanceID: String?
    /// Multiplies every duration of the catalogue and the acknowledgement timeout; > 0.
    public var timeScale: Double
    /// librdkafka properties from `ONETHING_KAFKA` overlaid by every `--kafka KEY=VALUE`
    /// (a key given by a flag replaces the same key from the environment).
    public var kafkaProperties: [String: String]
    /// Port of the /metrics and /healthz endpoint, nil for none, 0 for an ephemeral port.
    public var metricsPort: Int?
    /// `/healthz` fails when the poll loop has not turned, or the store has not been
    /// writable, for this many seconds.
    public var healthStallSeconds: Int = HubHealth.Limits.defaultLoopStallSeconds
    /// `/healthz` fails when the oldest unpublished outbox message is older than this.
    public var healthOutboxAgeSeconds: Int = HubHealth.Limits.defaultOutboxAgeSeconds
    public var logFormat: LogFormat
    public var logLevel: LogLevel
    /// The largest intake or reply message the hub reads (`--max-message-bytes`); larger
    /// ones are dead letters (`too-large`).
    public var maxMessageBytes: Int = MessageSizeLimit.defaultMaxMessageBytes
    /// Final applications are archived, and dead letters' raw values dropped, this many
    /// days after their last change (`--retention-days`).
    public var retentionDays: Int = HubConfiguration.defaultRetentionDays
    /// The archive directory (`--archive-dir`); nil: beside the store.
    public var archiveDirectory: String?
    /// The record cache's byte budget (`--record-cache-bytes`).
    public var recordCacheBytes: Int = CorrelationStore.defaultRecordCacheBytes

    /// Records of public services are kept more than a year: 400 days covers a year and
    /// the appeals that may follow a decision.
    public static let defaultRetentionDays = 400
    /// The keys folder (`--keys`): every department's, channel's and the hub's public key,
    /// and the hub's private key (see `MessageTrust`). nil: signatures off, which only the
    /// transition allows: `hubd run` warns loudly.
    public var keysDirectory: String?
    /// Per-sender signature policies (`--signature-policy SENDER=POLICY`).
    public var signaturePolicies = SenderPolicies()

    public init(bootstrapServers: String, storePath: String, catalogueDirectory: String? = nil,
                groupID: String = HubConfiguration.defaultGroupID, instanceID: String? = nil, timeScale: Double = 1,
                kafkaProperties: [String: String] = [:], metricsPort: Int? = nil,
                logFormat: LogFormat = .text, logLevel: LogLevel = .info) {
        self.bootstrapServers = bootstrapServers
        self.storePath = storePath
        self.catalogueDirectory = catalogueDirectory
        self.groupID = groupID
        self.instanceID = instanceID
        self.timeScale = timeScale
        self.kafkaProperties = kafkaProperties
        self.metricsPort = metricsPort
        self.logFormat = logFormat
        self.logLevel = logLevel
    }
}

/// Settings of `hubd topics create`.
public struct HubTopicsConfiguration: Sendable, Equatable {
    /// Three partitions let three `hubd` instances share the work from day one.
    public static let defaultPartitions: Int32 = 3
    /// One replica suits the single-broker development set-ups (mock cluster, Tansu);
    /// production provisioning in `deploy/` passes `--replication-factor 3`.
    public static let defaultReplicationFactor: Int16 = 1

    public var bootstrapServers: String
    public var partitions: Int32
    public var replicationFactor: Int16
    /// The catalogue whose flows name the topics; nil: found by `CatalogueLocator`.
    public var catalogueDirectory: String?
    public var kafkaProperties: [String: String]
    public var logFormat: LogFormat
    public var logLevel: LogLevel

    public init(bootstrapServers: String, partitions: Int32 = HubTopicsConfiguration.defaultPartitions,
                replicationFactor: Int16 = HubTopicsConfiguration.defaultReplicationFactor,
                catalogueDirectory: String? = nil, kafkaProperties: [String: String] = [:],
                logFormat: LogFormat = .text, logLevel: LogLevel = .info) {
        self.bootstrapServers = bootstrapServers
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.catalogueDirectory = catalogueDirectory
        self.kafkaProperties = kafkaProperties
        self.logFormat = logFormat
        self.logLevel = logLevel
    }
}

/// Settings of `hubd demo`. Optional values mean "the demo's own choice", so the demo
/// code, not the parser, owns what makes a good demonstration.
public struct HubDemoConfiguration: Sendable, Equatable {
    /// Enough for every kind of outcome the demo plays (rejections, supplements, slow
    /// answers, withdrawals) to occur several times.
    public static let defaultApplications = 300

    public var applications: Int
    /// nil: the demo picks a scale that shows deadlines passing within seconds.
    public var timeScale: Double?
    /// nil: a temporary store, removed afterwards.
    public var storePath: String?
    /// nil: a random seed (which the demo should print so a run can be repeated).
    public var seed: UInt64?
    public var catalogueDirectory: String?
    public var metricsPort: Int?
    public var logFormat: LogFormat
    public var logLevel: LogLevel

    public init(applications: Int = HubDemoConfiguration.defaultApplications, timeScale: Double? = nil,
                storePath: String? = nil, seed: UInt64? = nil, catalogueDirectory: String? = nil,
                metricsPort: Int? = nil, logFormat: LogFormat = .text, logLevel: LogLevel = .info) {
        self.applications = applications
        self.timeScale = timeScale
        self.storePath = storePath
        self.seed = seed
        self.catalogueDirectory = catalogueDirectory
        self.metricsPort = metricsPort
        self.logFormat = logFormat
        self.logLevel = logLevel
    }
}
