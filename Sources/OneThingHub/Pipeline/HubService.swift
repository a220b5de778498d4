import Foundation
import OneThingArchive
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingSupport

/// The `hubd` pipeline: consume intake and replies, apply them in one store transaction
/// per batch, publish what the transaction put in the outbox, and only then commit the
/// consumer offsets. A timer round (acknowledgement timeouts, due-soon, overdue) and the
/// administrators' orders go the same way: transaction, outbox, publish.
///
/// At-least-once with no doubled effect: a crash before the transaction commits loses
/// nothing (offsets were not committed, the batch comes again); a crash after it leaves
/// unpublished outbox rows (published at the next start, before consuming) and
/// uncommitted offsets (the batch comes again and every event is recognised as processed
/// by its CloudEvents source + id). Republished rows carry their original `ce_id`.
///
/// Consumer settings: `partition.assignment.strategy=range`. Every topic of a flow has the
/// same partition count and every message of one application is keyed by its id, so an
/// application's intake and its replies sit on the same partition number of their
/// topics; the range assignor hands a member the same partition numbers of every topic,
/// so one instance owns all of an application's traffic and instances never race on it.
///
/// Use: `let hub = try HubService(options:)`, `try await hub.run()` in a task (returns
/// after `stop()`), `hub.stop()` from anywhere.
public final class HubService: Sendable {
    public let options: HubServiceOptions
    /// The correlation store the service writes (read it freely: reads never block it long).
    public let store: CorrelationStore
    public let engine: HubEngine
    /// What `/healthz` and `/readyz` report (see `HubHealth`); add readiness conditions
    /// to `health.readiness`.
    public let health: HubHealth
    private let core: PipelineCore
    private let producer: KafkaProducer
    private let consumer: KafkaConsumer
    private let publisher: OutboxPublisher
    private let deliveryCutoff = DeliveryWaitCutoff()
    /// The thread every store transaction of the pipeline runs on (see `BlockingWorker`).
    private let storeWorker = BlockingWorker(label: "onething.hub.store")
    /// Acknowledged outbox rows waiting for the next transaction to delete them.
    private let marks = PublishedMarks()
    /// Destinations held back after failures, and rows to set aside (see `DestinationGate`).
    private let gate = DestinationGate()
    /// The producer's `message.max.bytes`: larger outgoing messages never enter the outbox.
    private let outgoingLimit: Int
    /// Publishes the backlog of held destinations and sets aside permanent failures,
    /// beside the loop (see `retryLoop`).
    private let retryTask = Locked<Task<Void, Never>?>(nil)
    /// The deliveries the retry task waits for, if any: a stop ends that wait at once.
    private let retrying = Locked<DeliveryTracker?>(nil)
    /// Present when metrics are on: the consumer lag per input partition.
    private let lagGauge: ConsumerLagGauge?
    private let logger: HubLogger
    private let control: Locked<Control>
    private let committer: OffsetCommitter
    /// Partitions whose state is being restored from the state topic now.
    private let restoring = Locked(Set<Int32>())
    /// Set when a restore put another instance's unpublished messages into the outbox and
    /// their topics could not be held at once (see `holdRestoredBacklog`): the loop holds
    /// the outbox's backlog at the end of its turn.
    private let restoredBacklog = Locked(false)
    /// Messages a keep-alive poll returned while the pipeline was busy (from partitions
    /// assigned after the pause); the next poll hands them out first, in order.
    private let heldMessages = Locked<[ConsumedMessage]>([])
    /// The partitions this instance owns (updated in the consumer's rebalances).
    public let ownership: PartitionOwnership
    /// Lets a revocation finish the batch in hand for the partitions it takes.
    private let barrier = RevocationBarrier()
    /// Moves final applications past the retention period into the archive.
    private let archiver: ApplicationArchiver
    /// Set when the flow's partition count changed while running (see
    /// `PartitionCountGuard`): the loop stops with this reason.
    private let layoutChange = Locked<String?>(nil)

    private struct Control {
        var started = false
        /// Set by the first `stop()`: then + `stopBudget`. Every wait while stopping ends
        /// by then; nil while running.
        var stopDeadline: ContinuousClock.Instant?
    }

    /// How long one write attempt waits for another process's lock before the busy policy
    /// pauses and tries again (short, so a stop is noticed between attempts).
    static let storeBusyTimeout: Duration = .milliseconds(250)

    /// Signals an abrupt end requested by a test crash point (or task cancellation).
    struct Abandoned: Error {}

    /// Opens the store and creates the Kafka clients. Nothing is consumed before `run()`.
    public init(options: HubServiceOptions) throws {
        self.options = options
        self.logger = options.logger.with([.string("component", "pipeline")])
        let control = Locked(Control())
        self.control = control
        let health = HubHealth(limits: options.healthLimits)
        self.health = health
        store = try CorrelationStore(path: options.storePath, busyTimeout: HubService.storeBusyTimeout,
                                     recordCacheBytes: options.recordCacheBytes,
                                     busyPolicy: HubService.busyPolicy(control: control, health: health,
                                                                       options: options, logger: logger))
        engine = HubEngine(flow: options.flow, timeScale: options.timeScale,
                           signing: options.trust.map { OutboundSigning(key: $0.hubKey) })
        let inputTopics = HubService.inputTopics(of: options.flow)
        let ownership = PartitionOwnership(inputTopics: inputTopics)
        self.ownership = ownership
        let changelog = options.keepsStateInKafka
            ? StateChangelog(topic: options.flow.topics.state, writer: store.writerID,
                             epoch: { id in ownership.ownerPartition(of: id).flatMap(ownership.lastEpoch(for:)) },
                             partition: { _ in nil })
            : nil
        var archiver = ApplicationArchiver(
            store: store,
            directory: ArchiveDirectory(path: options.archiveDirectory ?? ArchiveDirectory.defaultPath(forStore: options.storePath)),
            flow: options.flow, stateTopic: options.keepsStateInKafka ? options.flow.topics.state : nil,
            epoch: { id in ownership.ownerPartition(of: id).flatMap(ownership.lastEpoch(for:)) })
        archiver.interruptAfterWrite = options.archiveInterruptAfterWrite
        self.archiver = archiver
        let producerProperties = HubService.producerDefaults.merging(options.kafkaProperties) { $1 }
        outgoingLimit = MessageSizeLimit.producerLimit(producerProperties)
        core = PipelineCore(engine: engine, store: store, logger: options.logger.with([.string("component", "engine")]),
                            changelog: changelog, maxMessageBytes: options.maxMessageBytes, outgoingLimit: outgoingLimit,
                            ownership: ownership, trust: options.trust.map { HubService.observingUnsigned($0, options: options) },
                            evidence: options.evidence.map { [flow = options.flow, chainID = store.writerID] in
                                EvidenceLog(settings: $0, flow: flow, chainID: chainID)
                            })

        var producerConfiguration = KafkaConfiguration(bootstrapServers: options.bootstrapServers)
        producerConfiguration.clientID = "onething-hub-producer"
        producerConfiguration.logHandler = options.logger.kafkaLogHandler()
        producerConfiguration.properties = producerProperties
        producer = try KafkaProducer(configuration: producerConfiguration)

        var consumerConfiguration = KafkaConfiguration(bootstrapServers: options.bootstrapServers)
        consumerConfiguration.clientID = "onething-hub-consumer"
        consumerConfiguration.logHandler = options.logger.kafkaLogHandler()
        var consumerProperties = HubService.consumerDefaults
        if let instanceID = options.instanceID { consumerProperties["group.instance.id"] = instanceID }
        consumerConfiguration.properties = consumerProperties.merging(options.kafkaProperties) { $1 }
        // The committer needs the consumer, the consumer's rebalances need the committer.
        let committerSlot = Locked<OffsetCommitter?>(nil)
        let barrier = self.barrier, rebalanceLogger = logger, inputTopicSet = Set(inputTopics)
        let restoredBacklog = restoredBacklog, layoutChange = layoutChange, gate = self.gate, restoreStore = store
        let restorer = options.keepsStateInKafka
            ? StateRestorer(configuration: consumerConfiguration, store: store, topic: options.flow.topics.state,
                            logger: logger, metrics: options.metrics, restoring: restoring,
                            shouldStop: { [stopRequest = options.stopRequest] in
                                // Asked between the restore's polls and waits: the consumer's
                                // thread turns in the restore instead of the loop, and a restore
                                // that reads or waits for a leader is not a hang (liveness and
                                // systemd's watchdog follow `loopTurned`).
                                health.loopTurned()
                                return control.withLock { $0.stopDeadline != nil } || stopRequest?.isRequested == true
                            })
            : nil
        consumer = try KafkaConsumer(configuration: consumerConfiguration, groupID: options.groupID, onAssignment: { change in
            health.apply(change.kind == .assigned ? .assigned(change.partitions) : .revoked(change.partitions))
            let numbers = Set(change.partitions.map(\.partition))
            var heldUnder: [Int32: Int64] = [:]
            for number in numbers { heldUnder[number] = ownership.epoch(for: number) }
            if change.kind == .assigned,
               let reason = PartitionCountGuard.beyond(numbers.sorted(), count: ownership.partitionCount) {
                layoutChange.withLock { $0 = $0 ?? reason }
            }
            // The owner epoch of a partition assigned now (see `PartitionOwnership`): the
            // group's generation, but never below an epoch its state records already carry.
            var epochFloors: [Int32: Int64] = [:]
            if change.kind == .assigned {
                // Every topic of the flow is co-partitioned: partition N of the inputs owns
                // partition N of the state topic. Restored here, on the consumer's thread,
                // inside the callback, before the partitions count as owned: their input is
                // handed out, and their timers and orders run, only once their state is in
                // the store.
                if let restorer {
                    // Not ready (`/readyz`, systemd's READY=1) while restoring.
                    health.readiness.require("restored", reason: "restoring assigned partitions from the state topic")
                    defer { health.readiness.satisfy("restored") }
                    let before = restorer.requeued
                    epochFloors = restorer.restore(partitions: numbers.sorted())
                    if restorer.requeued != before,
                       !HubService.holdRestoredBacklog(store: restoreStore, gate: gate, stateTopic: options.flow.topics.state,
                                                       logger: rebalanceLogger) {
                        restoredBacklog.withLock { $0 = true }
                    }
                }
            }
            ownership.apply(change, epochFloors: epochFloors)
            let owned = ownership.ownedPartitions.map(String.init).joined(separator: ",")
            switch change.kind {
            case .assigned:
                rebalanceLogger.info("partitions assigned", [.int("count", change.partitions.count), .string("owned", owned),
                                                            .int("generation", Int(change.generation ?? -1))])
                return []
            case .lost:
                _ = committerSlot.withLock { $0 }?.take(partitions: numbers, heldUnder: [:])
                rebalanceLogger.warning("partitions lost; nothing more is committed for them",
                                        [.int("count", change.partitions.count), .string("owned", owned)])
                return []
            case .revoked:
                // Finish what is in hand for them, commit it with the revoke, then let go.
                let settled = barrier.settle(partitions: numbers, topics: inputTopicSet,
                                             stopping: { control.withLock { $0.stopDeadline != nil } })
                let waiting = committerSlot.withLock { $0 }?.take(partitions: numbers, heldUnder: heldUnder) ?? []
                var positions: [TopicPartition: Int64] = [:]
                for position in settled + waiting {
                    let key = TopicPartition(topic: position.topic, partition: position.partition)
                    positions[key] = max(positions[key] ?? Int64.min, position.offset)
                }
                rebalanceLogger.info("partitions revoked", [.int("count", change.partitions.count), .string("owned", owned),
                                                           .int("committed", positions.count)])
                return positions.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
            }
        })
        publisher = OutboxPublisher(producer: producer, metrics: options.metrics, gate: gate, marks: marks,
                                    cutoff: deliveryCutoff)
        if let metrics = options.metrics { StoreGauges.register(on: metrics, store: store, flow: options.flow, logger: logger) }
        options.metrics?.registerRecordCache(of: store)
        lagGauge = options.metrics.map { ConsumerLagGauge(metrics: $0) }
        committer = OffsetCommitter(consumer: consumer, logger: logger, ownership: ownership)
        committerSlot.withLock { $0 = committer }
    }

    /// A busy store (another process holds its write lock) is waited for, with back-off,
    /// and reported: a warning at the first attempt and every 20th, the
    /// `onething_store_busy_total` counter, and the health check (not writable).
    /// A stop ends the wait (the transaction is rolled back, nothing of it is lost).
    private static func busyPolicy(control: Locked<Control>, health: HubHealth, options: HubServiceOptions,
                                   logger: HubLogger) -> StoreBusyPolicy {
        let metrics = options.metrics, stopRequest = options.stopRequest
        return StoreBusyPolicy(
            shouldGiveUp: { control.withLock { $0.stopDeadline != nil } || stopRequest?.isRequested == true },
            onBusy: { attempt in
                metrics?.storeBusy()
                health.storeBusy()
                if attempt.failures == 1 || attempt.failures % 20 == 0 {
                    logger.warning("store is locked by another process; waiting",
                                   [.int("attempts", attempt.failures), .double("waited_s", attempt.waited.inSeconds),
                                    .string("reason", attempt.message)])
                }
            },
            onWritable: { waited in
                health.storeWritable()
                logger.notice("store writable again", [.double("waited_s", waited.inSeconds)])
            })
    }

    /// Producer settings the hub starts from (anything in `kafkaProperties` wins):
    /// - `linger.ms=1`: a batch's outbox is handed to librdkafka in one loop, so a short
    ///   linger already gathers it into few produce requests, and every millisecond of
    ///   linger is a millisecond of every hop. 0 splits a batch into many requests and
    ///   costs throughput; a longer linger lengthens every hop without gathering more.
    ///
    /// `package`, like `consumerDefaults`: the benchmark's Kafka-only phases use the hub's
    /// settings so that they compare like with like.
    package static let producerDefaults: [String: String] = ["linger.ms": "1"]

    /// Consumer settings the hub needs (anything in `kafkaProperties` wins):
    /// - `partition.assignment.strategy=range`: see the type's documentation;
    /// - `fetch.wait.max.ms=10`: real brokers answer a fetch as soon as data arrives, but
    ///   librdkafka's mock cluster holds it for the whole wait, which would add up to half a
    ///   second per hop; 10 ms costs only idle fetch requests.
    package static let consumerDefaults: [String: String] = [
        "partition.assignment.strategy": "range",
        "fetch.wait.max.ms": "10",
    ]

    /// The topics the hub reads: the flow's intake, every department's replies, the
    /// repartition topic (inputs forwarded to their owner partition) and the orders topic
    /// (administrators' orders given against the cluster).
    public var inputTopics: [String] { Self.inputTopics(of: options.flow) }

    static func inputTopics(of flow: Flow) -> [String] {
        let topics = flow.topics
        return [topics.applications] + flow.departments.map { topics.replies($0.code) } + [topics.repartition, topics.orders]
    }

    /// How many assigned partitions are being restored from the state topic now (0 once
    /// the instance serves every partition it owns; for health and readiness reports).
    public var restoringPartitions: Int { restoring.withLock { $0.count } }

    /// `/healthz`: see `HubHealth`.
    public var liveness: HealthCheck {
        let store = store
        return health.liveness(oldestOutbox: Result { try store.read { try $0.oldestOutboxTime() } },
                               now: options.clock())
    }

    /// Whether `liveness` passes.
    public var isHealthy: Bool { liveness.isPassing }

    /// Asks the service to stop gracefully: it stops polling, finishes the batch in hand,
    /// publishes and commits it, leaves the consumer group, flushes the producer, and
    /// `run()` returns. Safe to call from any thread, any number of times.
    public func stop() {
        let first = control.withLock { control -> Bool in
            guard control.stopDeadline == nil else { return false }
            control.stopDeadline = ContinuousClock.now + HubService.stopBudget
            return true
        }
        if first { health.stopping() }
        // A wait for delivery reports begun before the stop (the broker may be gone)
        // ends 2 s into the budget, leaving the rest for the offsets and the close (a
        // reachable broker acknowledges within milliseconds; what is not acknowledged by
        // then stays in the outbox and goes out at the next start).
        if first { deliveryCutoff.cut(after: .seconds(2)) }
    }

    private var stopRequested: Bool { control.withLock { $0.stopDeadline != nil } }

    /// The contract (README, "Operating hubd"): a graceful stop completes within 10 s,
    /// whatever Kafka does. The
    /// last publish, the last commit and leaving the group share this budget; what does
    /// not fit is left for the next start (unpublished rows stay in the outbox, an
    /// uncommitted batch is redelivered and recognised as processed).
    static let stopBudget: Duration = .seconds(9)

    /// While stopping: the time left before `stopDeadline` minus `reserve` (kept for the
    /// steps after), at most `cap`, at least `floor`. Nil while running.
    private func stopTime(cap: Duration, reserve: Duration = .zero, floor: Duration = .milliseconds(100)) -> Duration? {
        guard let deadline = control.withLock({ $0.stopDeadline }) else { return nil }
        return max(floor, min(cap, deadline - ContinuousClock.now - reserve))
    }

    /// Runs the pipeline until `stop()` (returns normally) or an unrecoverable store error
    /// (throws). Task cancellation ends it abruptly, like a crash: nothing more is
    /// published or committed, which is what the crash-safety tests rely on.
    public func run() async throws {
        let first = control.withLock { control -> Bool in
            defer { control.started = true }
            return !control.started
        }
        guard first else { throw HubServiceError.alreadyRun }
        do {
            try await runLoop()
        } catch is Abandoned {
            await abandon()
            return
        } catch is CancellationError {
            await abandon()
            return
        } catch StoreError.busy where stopRequested {
            // Stopping while another process holds the store: the batch in hand was rolled
            // back (its offsets are not committed, it comes again at the next start).
            logger.notice("store still locked by another process at the stop; the batch in hand comes again")
            await closeGracefully()
            return
        } catch {
            logger.error("pipeline stopped by an error", [.error(error)])
            health.failed("\(error)")
            await abandon()
            throw error
        }
        await closeGracefully()
    }

    private func runLoop() async throws {
        logger.info("hub starting", [.string("flow", options.flow.name), .string("group", options.groupID)])
        try await holdBacklog()
        startRetrying()
        // Nil: asked to stop before the broker answered (nothing consumed, nothing to do).
        guard let partitionCount = try await checkTopicLayout() else { return }
        try await checkStoredPartitions(count: partitionCount)
        ownership.partitionCount = partitionCount
        try consumer.subscribe(topics: inputTopics)
        let interval = options.effectiveTimerInterval
        let pollTimeout = min(options.pollTimeout, interval)
        var nextTimerRound = ContinuousClock.now
        var nextHousekeeping = ContinuousClock.now.advanced(by: .seconds(60))
        var nextRetention = ContinuousClock.now.advanced(by: options.retentionInterval)
        // The batch whose transaction committed and whose deliveries are under way: it is
        // completed after the next batch's transaction, so waiting for the broker's
        // acknowledgements overlaps that transaction instead of adding to it.
        var inFlight: InFlightBatch?
        // The next batch, polled and routed while the previous transaction ran (only under
        // a backlog: see `readsAhead`).
        var prefetched: PolledBatch?
        while !stopRequested {
            try Task.checkCancellation()
            if let fatal = kafkaFatal { throw HubServiceError.kafkaFailed(fatal) }
            if let reason = layoutChange.withLock({ $0 }) {
                logger.critical("refusing to go on", [.string("reason", reason)])
                throw HubServiceError.topicLayout(reason)
            }
            let polled: PolledBatch
            if let batch = prefetched {
                prefetched = nil
                polled = batch
            } else if let batch = try await pollAndRoute(timeout: pollTimeout) {
                polled = batch
            } else {
                continue
            }
            if !polled.isEmpty {
                async let ahead = readsAhead(after: polled) ? pollAndRoute(timeout: .zero) : nil
                let started = try await keepingGroupAlive { try await self.process(polled) }
                if let previous = inFlight { try await keepingGroupAlive { try await self.complete(previous) } }
                inFlight = started
                prefetched = try await ahead
            } else {
                // Nothing is coming to overlap with: finish what is out, tidy the outbox.
                if let previous = inFlight { try await keepingGroupAlive { try await self.complete(previous) } }
                inFlight = nil
                try await flushMarks()
            }
            if ContinuousClock.now >= nextTimerRound {
                // A round is a unit like a batch (with no offsets): its deliveries are
                // completed after the next unit's transaction, not waited for here.
                var more = true
                while more {
                    let (started, moreDue) = try await keepingGroupAlive { try await self.timerRound() }
                    if let previous = inFlight { try await keepingGroupAlive { try await self.complete(previous) } }
                    inFlight = started
                    more = moreDue
                    try Task.checkCancellation()
                }
                nextTimerRound = ContinuousClock.now.advanced(by: interval)
            }
            if ContinuousClock.now >= nextHousekeeping {
                await housekeeping()
                await recheckPartitionCount()
                nextHousekeeping = ContinuousClock.now.advanced(by: .seconds(60))
            }
            if ContinuousClock.now >= nextRetention {
                // One small batch per turn: a backlog of old applications is worked off
                // between the pipeline's batches, never in one long pause.
                let more = try await retentionRound()
                nextRetention = more ? .now : ContinuousClock.now.advanced(by: options.retentionInterval)
            }
            if restoredBacklog.withLock({ flag in defer { flag = false }; return flag }) {
                // Messages another instance never published, put back by a restore: out
                // before anything newer is committed.
                if let previous = inFlight { try await complete(previous) }
                inFlight = nil
                try await holdBacklog()
            }
            await lagGauge?.refreshIfDue(from: consumer, logger: logger)
        }
        // A batch read ahead and not processed (`prefetched`) is dropped: its offsets were
        // never committed, so the group hands it out again at the next start.
        if let previous = inFlight { try await complete(previous, timeout: stopTime(cap: .seconds(4), reserve: .seconds(4))) }
        await stopRetrying()
        try await flushMarks()
        // The last commit gets 2 s: an unreachable broker must not hold the stop (an
        // uncommitted batch is only redelivered and recognised as processed).
        let commitDeadline = ContinuousClock.now + (stopTime(cap: .seconds(2), reserve: .seconds(3)) ?? .seconds(2))
        while !committer.isIdle && ContinuousClock.now < commitDeadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if !committer.isIdle { logger.warning("offset commit still pending at stop; the last batches stay uncommitted") }
    }

    /// The flow's common partition count, read from the cluster (retried while the
    /// broker does not answer); throws when topics are missing or their counts differ;
    /// nil when a stop was asked for before the broker answered.
    private func checkTopicLayout() async throws -> Int32? {
        if let strategy = options.kafkaProperties["partition.assignment.strategy"], strategy != "range" {
            throw HubServiceError.topicLayout("partition.assignment.strategy=\(strategy) would split an application's "
                                              + "topics over instances; the hub needs range")
        }
        if stopRequested { return nil }
        var configuration = KafkaConfiguration(bootstrapServers: options.bootstrapServers,
                                               properties: options.kafkaProperties)
        configuration.clientID = "onething-hub-admin"
        configuration.logHandler = options.logger.kafkaLogHandler()
        let admin = try KafkaAdmin(configuration: configuration)
        while !stopRequested {
            try Task.checkCancellation()
            // Refused credentials look like an unreachable broker to this query; the
            // clients' error callbacks know better, and retrying would never end.
            if let fatal = kafkaFatal { throw HubServiceError.kafkaFailed(fatal) }
            do {
                // Short: a stop asked for meanwhile waits for this call (the budget is 10 s).
                let listed = try await admin.listTopics(timeout: .seconds(1))
                let count = try TopicLayout.partitionCount(of: options.flow, inputTopics: inputTopics, listed: listed)
                logger.info("topics checked", [.int("partitions", Int(count))])
                return count
            } catch let error as TopicLayoutError {
                logger.critical("refusing to start", [.string("reason", error.description)])
                throw HubServiceError.topicLayout(error.description)
            } catch {
                logger.warning("cannot read the topics' partition counts; retrying", [.error(error)])
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        return nil
    }

    /// Refuses to start when the store keeps open applications on partitions `count`
    /// partitions would not give them (see `PartitionCountGuard`).
    private func checkStoredPartitions(count: Int32) async throws {
        let store = store
        let stored = try await storeWorker.run { try store.read { try $0.openApplicationPartitions(limit: 10_000) } }
        if let reason = PartitionCountGuard.mismatch(stored, count: count) {
            logger.critical("refusing to start", [.string("reason", reason)])
            throw HubServiceError.topicLayout(reason)
        }
    }

    /// Once a minute: whether the flow's partition count is still the one the hub started
    /// with (see `PartitionCountGuard`); a broker that does not answer is asked again later.
    private func recheckPartitionCount() async {
        let started = ownership.partitionCount
        guard started > 0 else { return }
        do {
            var configuration = KafkaConfiguration(bootstrapServers: options.bootstrapServers,
                                                   properties: options.kafkaProperties)
            configuration.clientID = "onething-hub-admin"
            configuration.logHandler = options.logger.kafkaLogHandler()
            let listed = try await KafkaAdmin(configuration: configuration).listTopics(timeout: .seconds(1))
            let reason: String?
            do {
                let count = try TopicLayout.partitionCount(of: options.flow, inputTopics: inputTopics, listed: listed)
                reason = PartitionCountGuard.changed(from: started, to: count)
            } catch {
                reason = "\(error.description); " + PartitionCountGuard.remedy
            }
            if let reason { layoutChange.withLock { $0 = $0 ?? reason } }
        } catch {
            logger.debug("partition count not rechecked", [.error(error)])
        }
    }

    /// A batch (or a timer round, with no messages) whose transaction committed and whose
    /// outbox rows were handed to the producer; its offsets are committed once every row
    /// is acknowledged.
    private struct InFlightBatch: Sendable {
        let batch: [ConsumedMessage]
        let consumedAt: ContinuousClock.Instant
        let processingCPU: Duration
        let processingWall: Duration
        let deliveries: PendingDeliveries
        /// The batch's entry in the revocation barrier.
        var ticket: Int? = nil
        /// The owner epoch of each partition number when the batch's transaction ran.
        var epochs: [Int32: Int64] = [:]
    }

    /// A polled batch with what each message means (routing is pure, so it runs on the
    /// loop's side, on all cores, before the batch's transaction).
    private struct PolledBatch: Sendable {
        let messages: [ConsumedMessage]
        let routed: RoutedBatch
        /// When the poll returned: the hop latency the benchmark reports starts here.
        let consumedAt: ContinuousClock.Instant
        let routingCPU: Duration
        var isEmpty: Bool { messages.isEmpty }
    }

    /// Whether to poll and route the next batch while `polled` is in its transaction.
    /// Under a backlog (a batch at least half full) that hides the poll and the routing
    /// behind the store's work. When the hub keeps up, it polls after the transaction
    /// instead: a message that arrives meanwhile is then taken at once, not held in a
    /// batch polled too early.
    private func readsAhead(after polled: PolledBatch) -> Bool {
        polled.messages.count >= max(1, options.batchSize / 2)
    }

    /// Polls up to a batch and routes it on all cores; nil when the poll failed (logged,
    /// and after a short pause, so the loop simply polls again).
    private func pollAndRoute(timeout: Duration) async throws -> PolledBatch? {
        let messages: [ConsumedMessage]
        do {
            let held = heldMessages.withLock { held in defer { held.removeAll() }; return held }
            messages = held.isEmpty ? try await consumer.poll(maxMessages: options.batchSize, timeout: timeout) : held
            health.loopTurned()
        } catch {
            if error.kind == .fatal { throw HubServiceError.kafkaFailed(error) }
            logger.warning("poll failed; retrying", [.error(error)])
            try await Task.sleep(for: .milliseconds(100))
            return nil
        }
        let consumedAt = ContinuousClock.now
        let cpuStart = ThreadCPUClock.now()
        let routed = try core.routeInParallel(messages)
        return PolledBatch(messages: messages, routed: routed, consumedAt: consumedAt,
                           routingCPU: ThreadCPUClock.now() - cpuStart)
    }

    /// Applies a routed batch in one transaction on the store worker (which also deletes
    /// the rows acknowledged since the last one), then hands the transaction's outbox rows
    /// to the producer.
    ///
    /// Messages of partitions this instance no longer owns (revoked since the poll) are
    /// left out, uncommitted: the new owner consumes them. A revocation that comes while
    /// the transaction runs waits for it and for its deliveries (`RevocationBarrier`).
    private func process(_ polled: PolledBatch) async throws -> InFlightBatch {
        barrier.beginTransaction()
        do {
            let ownership = ownership
            var epochs: [Int32: Int64] = [:]
            for number in Set(polled.messages.map(\.partition)) { epochs[number] = ownership.epoch(for: number) }
            let keep = polled.messages.indices.filter { epochs[polled.messages[$0].partition] != nil }
            let routed = keep.count == polled.messages.count ? polled.routed : polled.routed.keeping(keep)
            if keep.count < polled.messages.count {
                logger.info("messages of partitions no longer owned left for their new owner",
                            [.int("count", polled.messages.count - keep.count)])
            }
            let core = core, now = options.clock(), marks = marks, hook = options.beforeTransaction
            let (work, transactionCPU) = try await storeWorker.run {
                hook?()
                let cpuStart = ThreadCPUClock.now()
                let work = try core.process(routed, now: now, published: marks.take())
                return (work, ThreadCPUClock.now() - cpuStart)
            }
            let processingWall = ContinuousClock.now - polled.consumedAt
            record(work)
            try crash(at: .afterTransaction)
            let deliveries = publisher.start(work.outbox)
            let ticket = barrier.endTransaction(messages: routed.messages, tracker: deliveries.tracker)
            return InFlightBatch(batch: routed.messages, consumedAt: polled.consumedAt,
                                 processingCPU: polled.routingCPU + transactionCPU,
                                 processingWall: processingWall, deliveries: deliveries, ticket: ticket, epochs: epochs)
        } catch {
            barrier.endTransaction(messages: [], tracker: nil)
            throw error
        }
    }

    /// Test hook: makes the producer fail for good, as a fenced idempotent producer does.
    func raiseKafkaFatalErrorForTesting(_ reason: String) throws {
        try producer.raiseFatalErrorForTesting(reason)
    }

    /// A fatal error of either Kafka client, if one was raised.
    private var kafkaFatal: KafkaError? { producer.fatalError ?? consumer.fatalError }

    /// Runs `work` (a transaction, a wait for the broker's acknowledgements or a retried
    /// publish), and while it takes longer than a second keeps the consumer's group
    /// membership alive: the assigned partitions are paused and the consumer polled every
    /// half second (librdkafka counts `max.poll.interval.ms` between polls, and a member
    /// that does not poll is removed from the group, which a broker outage or a locked
    /// store would otherwise cause). Nothing is fetched for paused partitions; what a poll
    /// returns from partitions assigned meanwhile is held for the loop's next poll. The
    /// partitions are resumed afterwards, from where the pipeline left them.
    private func keepingGroupAlive<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let keeper = Task { await keepGroupAlive() }
        let result: Result<T, Error>
        do { result = .success(try await work()) } catch { result = .failure(error) }
        keeper.cancel()
        if await keeper.value {
            do {
                try await consumer.resumePaused()
                logger.notice("input resumed")
            } catch {
                logger.warning("resuming the input failed", [.error(error)])
            }
        }
        return try result.get()
    }

    /// The keep-alive side of `keepingGroupAlive`; returns whether it paused the input.
    private func keepGroupAlive() async -> Bool {
        var paused = false
        do { try await Task.sleep(for: .seconds(1)) } catch { return false }
        var pauseNeeded = true
        while !Task.isCancelled {
            do {
                if pauseNeeded {
                    let count = try await consumer.pauseAssigned()
                    if !paused { logger.notice("input paused while the pipeline waits", [.int("partitions", count)]) }
                    paused = true
                    pauseNeeded = false
                }
                let messages = try await consumer.poll(maxMessages: options.batchSize, timeout: .milliseconds(100))
                health.loopTurned()
                if !messages.isEmpty {
                    heldMessages.withLock { $0.append(contentsOf: messages) }
                    pauseNeeded = true
                }
            } catch {
                logger.warning("keep-alive poll failed", [.error(error)])
            }
            do { try await Task.sleep(for: .milliseconds(500)) } catch { break }
        }
        return paused
    }

    /// Deletes the acknowledged rows no transaction took yet (when idle, before reading
    /// the outbox as a backlog, and at the stop).
    private func flushMarks() async throws {
        let ids = marks.take()
        guard !ids.isEmpty else { return }
        let store = store
        try await storeWorker.run { try store.markPublished(ids: ids) }
    }

    /// Waits until every row of the batch is acknowledged (republishing the outbox if any
    /// failed), then hands its offsets to the committer, which commits in the background
    /// and in order: offsets only move past batches whose effects Kafka acknowledged.
    private func complete(_ inFlight: InFlightBatch, timeout: Duration? = nil) async throws {
        // Every report settles its row as it comes (see `OutboxPublisher`); the wait only
        // keeps the offsets behind the acknowledgements, for as long as `deliveryPatience`.
        await publisher.finish(inFlight.deliveries, timeout: timeout ?? options.deliveryPatience)
        holdOverdueDestinations(inFlight.deliveries)
        if let observer = options.deliveryObserver, !inFlight.batch.isEmpty {
            observer(ObservedBatchDeliveries(consumedAt: inFlight.consumedAt, consumed: inFlight.batch.count,
                                             processingCPU: inFlight.processingCPU, processingWall: inFlight.processingWall,
                                             rows: inFlight.deliveries.rows,
                                             confirmedAt: inFlight.deliveries.tracker.confirmationTimes))
        }
        try crash(at: .afterPublish)
        try Task.checkCancellation()
        committer.commit(after: inFlight.batch, epochs: inFlight.epochs)
        barrier.completed(inFlight.ticket)
    }

    /// One round of timers and orders in a transaction, its outbox rows handed to the
    /// producer; also whether more timers may be due at once.
    private func timerRound() async throws -> (InFlightBatch, moreDue: Bool) {
        let core = core, now = options.clock(), marks = marks, started = ContinuousClock.now
        // A revocation waits for this transaction too, so what it decided for a partition
        // being given up is out before the partition is.
        barrier.beginTransaction()
        defer { barrier.endTransaction(messages: [], tracker: nil) }
        let work = try await storeWorker.run { try core.processTimersAndOrders(now: now, published: marks.take()) }
        record(work)
        try crash(at: .afterTimerTransaction)
        // Not timed: the delivery observer reports consumed batches (hops) only.
        let unit = InFlightBatch(batch: [], consumedAt: started, processingCPU: .zero,
                                 processingWall: .zero, deliveries: publisher.start(work.outbox))
        return (unit, work.moreTimersDue)
    }

    /// Forgets processed event ids past their retention (the outbox needs no pruning: the
    /// store deletes rows once published).
    private func housekeeping() async {
        let retention = options.processedEventRetention
        let cutoff = options.clock().addingTimeInterval(-retention.inSeconds)
        do {
            let store = store
            let removed = try await storeWorker.run { try store.write { try $0.pruneProcessedEvents(before: cutoff) } }
            if removed > 0 { logger.debug("pruned processed event ids", [.int("count", removed)]) }
        } catch {
            logger.warning("pruning processed event ids failed", [.error(error)])
        }
    }

    /// One retention turn (see `RetentionRound`) for the partitions this instance owns
    /// (none while it owns none: another instance may be archiving them); publishes the
    /// tombstones it queued. Returns whether more is due at once. Failures are logged
    /// and tried again at the next interval: retention never stops the pipeline.
    private func retentionRound() async throws -> Bool {
        let owned = Set(ownership.ownedPartitions)
        guard !owned.isEmpty, restoringPartitions == 0 else { return false }
        let now = options.clock()
        let cutoff = now.addingTimeInterval(-options.retentionPeriod.inSeconds)
        let round = RetentionRound(archiver: archiver, store: store)
        let outcome: RetentionRound.Outcome
        // A revocation waits for the batch, so the partition's new owner restores from a
        // store state that either still has the batch's applications or has their
        // tombstones queued (published right after).
        barrier.beginTransaction()
        defer { barrier.endTransaction(messages: [], tracker: nil) }
        do {
            outcome = try await storeWorker.run { try round.run(cutoff: cutoff, partitions: owned, now: now) }
        } catch is ApplicationArchiver.Interrupted {
            throw Abandoned()
        } catch {
            logger.error("archiving failed; trying again later", [.error(error)])
            return false
        }
        if let recovered = outcome.archive.recovered {
            logger.notice("an interrupted archive batch was cut off its file", [
                .string("file", recovered.file), .int("offset", Int(recovered.startOffset)),
                .int("applications", recovered.applicationIDs.count),
            ])
        }
        if let file = outcome.archive.file {
            logger.info("archived applications", [.string("file", file), .int("count", outcome.archive.archived),
                                                   .int("keptChanged", outcome.archive.kept)])
            options.metrics?.archived(outcome.archive.archived)
        }
        if outcome.payloadsDropped > 0 {
            logger.info("dropped dead letters' payloads past the retention period", [.int("count", outcome.payloadsDropped)])
        }
        _ = publisher.start(outcome.archive.tombstones)
        return outcome.more
    }

    private func record(_ work: ProcessedWork) {
        report(work.undeliverable)
        if let metrics = options.metrics {
            for (topic, count) in work.consumedByTopic { metrics.messageIn(topic: topic, count: count) }
            for (code, count) in work.deadLettersByCode {
                for _ in 0..<count { metrics.deadLetter(code: code) }
            }
        }
        for (code, count) in work.deadLettersByCode {
            logger.warning("dead-lettered", [.string("code", code), .int("count", count)])
        }
        if work.timersFired > 0 || work.ordersDone > 0 {
            logger.debug("timers and orders", [.int("timers", work.timersFired), .int("orders", work.ordersDone)])
        }
    }

    private func crash(at point: HubCrashPoint) throws {
        if let crashPoint = options.crashPoint, crashPoint(point) { throw Abandoned() }
    }

    /// At start: every topic with rows left in the outbox by an earlier run is held, so
    /// its backlog goes out (by `retryLoop`, at once) before anything newer for it, while
    /// the other topics and intake start flowing.
    private func holdBacklog() async throws {
        try await flushMarks()
        let store = store
        let topics = try await storeWorker.run { try store.read { try $0.outboxTopics() } }
        for topic in topics { gate.hold(topic, reason: "outbox left from an earlier run", retryAt: .now) }
        if !topics.isEmpty {
            logger.notice("publishing the outbox left from an earlier run", [.string("topics", topics.joined(separator: ","))])
        }
    }

    /// Right after a restore put another instance's unpublished messages back into the
    /// outbox, on the consumer's thread inside the assignment: every topic with rows in
    /// the outbox is held, so those messages go out (by `retryLoop`, oldest first) before
    /// anything the loop decides afterwards for the same applications. Not later: the poll
    /// that runs the assignment may return the new partitions' input in the same call, and
    /// a batch of it published ahead of the backlog would put an older status snapshot
    /// after a newer one on the compacted status topic, where readers keep only the last.
    ///
    /// The state topic is left flowing: a restore never puts state records back (a new
    /// owner writes its own), and holding it would let a batch's offsets be committed
    /// while its state records wait in this store's outbox, where a lost disk takes them.
    /// Returns false when the outbox could not be read: the loop's `holdBacklog` holds it
    /// at the end of its turn instead.
    private static func holdRestoredBacklog(store: CorrelationStore, gate: DestinationGate, stateTopic: String,
                                            logger: HubLogger) -> Bool {
        do {
            let topics = try store.read { try $0.outboxTopics() }.filter { $0 != stateTopic }
            for topic in topics { gate.hold(topic, reason: "outbox restored from the state topic", retryAt: .now) }
            if !topics.isEmpty {
                logger.notice("publishing the messages restored from the state topic before anything newer",
                              [.string("topics", topics.joined(separator: ","))])
            }
            return true
        } catch {
            logger.warning("reading the restored outbox failed; it is held at the loop's next turn", [.error(error)])
            return false
        }
    }

    /// Holds the topics of rows whose reports did not come within the patience: later
    /// rows for them wait in the outbox instead of making every batch wait again.
    private func holdOverdueDestinations(_ deliveries: PendingDeliveries) {
        let overdue = Set(deliveries.tracker.unreported().map { deliveries.rows[$0].topic })
        for topic in overdue.sorted() {
            gate.hold(topic, reason: "no delivery report within \(options.deliveryPatience)")
            logger.warning("destination held back: no delivery report in time", [.string("topic", topic)])
        }
    }

    private func startRetrying() {
        let task = Task { [self] in await retryLoop() }
        retryTask.withLock { $0 = task }
    }

    private func stopRetrying() async {
        let task = retryTask.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        retrying.withLock { $0 }?.expireWaiting()
        await task?.value
    }

    /// Beside the loop, until the stop: sets aside what Kafka refused for good, and
    /// publishes each held destination's backlog, oldest first, with back-off, until it
    /// is empty and the destination flows again. Waiting for a held topic's reports
    /// (up to librdkafka's `message.timeout.ms`) never holds up the loop.
    private func retryLoop() async {
        while !Task.isCancelled {
            do {
                try await setAsidePermanentFailures()
                for (topic, generation) in gate.dueTopics() where !Task.isCancelled {
                    try await retry(topic, generation: generation)
                }
            } catch {
                logger.error("retrying held destinations failed; trying again", [.error(error)])
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// One page of a held topic's backlog.
    private func retry(_ topic: String, generation: UInt64) async throws {
        try await flushMarks()
        let store = store
        let rows = try await storeWorker.run { try store.read { try $0.unsentOutbox(topic: topic, limit: 500) } }
        guard !rows.isEmpty else {
            if let held = gate.release(topic, ifGeneration: generation) {
                logger.notice("destination flowing again", [.string("topic", topic), .double("heldSeconds", held.inSeconds)])
            }
            return
        }
        let pending = publisher.retry(rows)
        retrying.withLock { $0 = pending.tracker }
        if Task.isCancelled { pending.tracker.expireWaiting() }
        let results = await publisher.finish(pending)
        retrying.withLock { $0 = nil }
        let transient = results.compactMap { result -> KafkaError? in
            if case .failure(let error) = result, error.deliveryFailure == .transient { return error }
            return nil
        }
        gate.retried(topic, failedTransiently: !transient.isEmpty)
        if let first = transient.first {
            logger.warning("publishing the outbox failed; retrying", [
                .string("topic", topic), .int("failed", transient.count), .error(first),
                .string("held", "this topic only; its messages wait in the outbox"),
            ])
        }
    }

    /// Moves the rows Kafka refused for good out of the outbox (see `Undeliverable`)
    /// and publishes their dead letters.
    private func setAsidePermanentFailures() async throws {
        let failures = gate.takePermanentFailures()
        guard !failures.isEmpty else { return }
        let store = store, flow = options.flow, limit = outgoingLimit, now = options.clock()
        let outcomes: [Undeliverable.Outcome]
        do {
            outcomes = try await storeWorker.run {
                try store.write { writer in
                    let undeliverable = Undeliverable(writer: writer, flow: flow, now: now, outgoingLimit: limit)
                    return try failures.compactMap { try undeliverable.setAside($0.row, error: $0.error) }
                }
            }
        } catch {
            gate.returnPermanentFailures(failures)
            throw error
        }
        report(outcomes)
        _ = publisher.start(outcomes.compactMap(\.deadLetter))
    }

    /// The operator's alert for each message set aside: an ERROR line and the counters.
    private func report(_ outcomes: [Undeliverable.Outcome]) {
        for outcome in outcomes {
            logger.error("outgoing message set aside as undeliverable", [
                .string("topic", outcome.topic), .string("applicationId", outcome.applicationID ?? "-"),
                .string("matter", outcome.matter ?? "-"), .string("code", outcome.code), .string("reason", outcome.reason),
            ])
            options.metrics?.undeliverable(topic: outcome.topic)
            options.metrics?.deadLetter(code: outcome.code)
        }
    }

    private func closeGracefully() async {
        logger.info("hub stopping")
        let consumerTime = stopTime(cap: .seconds(3), reserve: .milliseconds(500), floor: .milliseconds(500)) ?? .seconds(3)
        do { try await consumer.close(timeout: consumerTime) } catch { logger.warning("consumer close", [.error(error)]) }
        await producer.close(timeout: stopTime(cap: .seconds(3), floor: .milliseconds(200)) ?? .seconds(3))
        logger.info("hub stopped")
    }

    /// The end of a crash or cancellation: leave the group promptly (so a restarted
    /// instance does not wait for the session timeout) without committing anything.
    private func abandon() async {
        do { try await consumer.close(timeout: stopTime(cap: .seconds(2), reserve: .milliseconds(300)) ?? .seconds(2)) } catch {}
        await producer.close(timeout: .milliseconds(200))
    }
}

public enum HubServiceError: Error, Sendable, CustomStringConvertible {
    case alreadyRun
    /// librdkafka declared a client unusable (fatal error, fenced producer, refused
    /// credentials): the process ends so its service manager restarts it.
    case kafkaFailed(KafkaError)
    /// The flow's topics cannot be co-partitioned (missing, unequal partition counts, or
    /// an assignor that splits them); the text says which.
    case topicLayout(String)

    public var description: String {
        switch self {
        case .alreadyRun: return "a HubService runs once; create a new one to run again"
        case .kafkaFailed(let error): return "a Kafka client failed for good: \(error)"
        case .topicLayout(let reason): return reason
        }
    }
}
