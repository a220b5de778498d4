import Foundation
import OneThingExchange
import OneThingStore

/// Everything a `HubService` needs. `hubd run` fills it from `HubConfiguration`; tests,
/// the demo and the benchmark fill it directly (mock cluster address, temporary store).
public struct HubServiceOptions: Sendable {
    public var bootstrapServers: String
    public var storePath: String
    /// The flow this hub serves (from the catalogue).
    public var flow: Flow
    /// Consumer group shared by every instance of one deployment.
    public var groupID: String = "onething-hub"
    /// This instance's `group.instance.id` (static membership); nil: a dynamic member.
    /// See `HubConfiguration.instanceID`.
    public var instanceID: String?
    /// Multiplies every duration of the catalogue and the acknowledgement timeout.
    public var timeScale: Double = 1
    /// librdkafka properties passed through last (security.protocol, sasl.*, ssl.*, ...).
    public var kafkaProperties: [String: String] = [:]
    /// Most messages taken from Kafka, and processed in one store transaction, at a time.
    /// A consumed reply's dependent request leaves only when its whole batch is
    /// committed, so this bounds the hop latency as much as it helps throughput: past a
    /// few hundred, larger batches lengthen the hop more than they add throughput (the
    /// benchmark compares sizes with `onething-bench --hub-batch-size N`).
    public var batchSize: Int = 250
    /// The largest intake or reply message read (key, value and headers); larger ones
    /// are dead letters (`too-large`). See `MessageSizeLimit`.
    public var maxMessageBytes: Int = MessageSizeLimit.defaultMaxMessageBytes
    /// How long a batch's offsets wait for its deliveries' reports. Later reports still
    /// settle their rows; the topics still silent by then are held back (see
    /// `DestinationGate`), so one stalled destination delays the pipeline once, not at
    /// every batch. Acknowledgements normally take milliseconds.
    public var deliveryPatience: Duration = .seconds(5)
    /// How long one poll waits for the first message.
    public var pollTimeout: Duration = .milliseconds(50)
    /// How often timers and administrators' orders are looked at; nil: 100 ms, shortened
    /// for small time scales so a scaled acknowledgement timeout is still honoured closely.
    public var timerInterval: Duration?
    /// How long processed event ids are kept for de-duplication (pruned once a minute).
    /// Longer than any redelivery window; older repeats are still harmless, because the
    /// engine itself treats a repeated submission or reply as a duplicate.
    public var processedEventRetention: Duration = .seconds(24 * 3600)
    /// Writes every application's state to the flow's state topic (see `StateRecord`), so
    /// another instance can take its partitions over from Kafka alone. Off only to measure
    /// what it costs (`hubd bench`).
    public var keepsStateInKafka = true
    /// Final applications last changed longer ago than this are archived and removed
    /// from the store, and dead letters' raw values are dropped (see `ApplicationArchiver`).
    public var retentionPeriod: Duration = .seconds(HubConfiguration.defaultRetentionDays * 86_400)
    /// Where the archive files go; nil: beside the store (`ArchiveDirectory.defaultPath`).
    public var archiveDirectory: String?
    /// How often the hub looks for what the retention period lets go; a full batch is
    /// followed by the next one at the loop's next turn.
    public var retentionInterval: Duration = .seconds(60)
    /// The record cache's byte budget (see `CorrelationStore`).
    public var recordCacheBytes: Int = CorrelationStore.defaultRecordCacheBytes
    /// The keys folder's keys and each sender's signature policy: intake and replies must be
    /// signed (see `MessageTrust`). nil: signatures are neither checked nor made, which only
    /// tests of other concerns, the benchmark's comparison run and `hubd run` without
    /// `--keys` (which warns) use.
    public var trust: MessageTrust?
    /// The evidence log: every message consumed or produced, hash-chained in the store,
    /// checkpointed and published (see `EvidenceSettings`); nil: none is kept (only to
    /// measure what it costs, `onething-bench --evidence off`).
    public var evidence: EvidenceSettings? = EvidenceSettings()
    public var logger: HubLogger = HubLogger(minimumLevel: .warning)
    /// Counters and gauges (messages in/out, dead letters, applications by state, overdue
    /// matters, outbox depth); nil: not counted.
    public var metrics: HubMetrics?
    /// The hub's clock; injectable for tests.
    public var clock: @Sendable () -> Date = { Date() }
    /// Told, for every consumed batch, when it was polled and when each message it caused
    /// was confirmed by Kafka (the benchmark's hop latency); nil: nothing is observed.
    /// `package`, like `ObservedBatchDeliveries`: for the benchmark, not for users.
    package var deliveryObserver: (@Sendable (ObservedBatchDeliveries) -> Void)?
    /// When `/healthz` fails (see `HubHealth`).
    public var healthLimits = HubHealth.Limits()
    /// A stop asked for before the service existed or while it opens its store (see
    /// `StopRequest`): a busy store's wait at the opening ends when it is requested.
    public var stopRequest: StopRequest?
    /// Test hook: asked at each crash point of the pipeline; returning true makes the
    /// service stop dead there, as `kill -9` would (no publish, no commit).
    var crashPoint: (@Sendable (HubCrashPoint) -> Bool)?
    /// Test hook: asked after an archive batch's file is written, before the store
    /// forgets its applications; true interrupts the batch there, as a crash would.
    var archiveInterruptAfterWrite: (@Sendable () -> Bool)?
    /// Test hook: runs on the store's thread before each batch's transaction (a test
    /// slows or pauses the instance there, as a stalled VM would be).
    var beforeTransaction: (@Sendable () -> Void)?

    public init(bootstrapServers: String, storePath: String, flow: Flow) {
        self.bootstrapServers = bootstrapServers
        self.storePath = storePath
        self.flow = flow
    }

    /// The options of `hubd run`.
    public init(configuration: HubConfiguration, flow: Flow, logger: HubLogger, metrics: HubMetrics?) {
        self.init(bootstrapServers: configuration.bootstrapServers, storePath: configuration.storePath, flow: flow)
        groupID = configuration.groupID
        instanceID = configuration.instanceID
        timeScale = configuration.timeScale
        kafkaProperties = configuration.kafkaProperties
        maxMessageBytes = configuration.maxMessageBytes
        retentionPeriod = .seconds(configuration.retentionDays * 86_400)
        archiveDirectory = configuration.archiveDirectory
        recordCacheBytes = configuration.recordCacheBytes
        healthLimits = HubHealth.Limits(loopStall: .seconds(configuration.healthStallSeconds),
                                        outboxAge: .seconds(configuration.healthOutboxAgeSeconds))
        self.logger = logger
        self.metrics = metrics
    }

    /// The timer cadence actually used: at most 100 ms, and at most a quarter of the
    /// scaled acknowledgement timeout (never below 5 ms).
    var effectiveTimerInterval: Duration {
        if let timerInterval { return timerInterval }
        let quarterAck = flow.acknowledgementTimeout * max(timeScale, 0) / 4
        let seconds = min(0.1, max(0.005, quarterAck))
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

/// Instants at which a test may make the service die abruptly.
enum HubCrashPoint: Sendable, Hashable {
    /// The store transaction committed; nothing of it was published yet.
    case afterTransaction
    /// Published; the consumer offsets of the batch are not committed yet.
    case afterPublish
    /// After a round of timers and orders committed, before publishing it.
    case afterTimerTransaction
}
