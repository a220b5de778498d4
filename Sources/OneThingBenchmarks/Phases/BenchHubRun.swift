import Foundation
import OneThingExchange
import OneThingHub
import OneThingKafka
import OneThingStore
import OneThingSupport

/// One run of the real `HubService` on a fresh mock cluster, with the lean departments
/// and the status reader in this process: submits the applications (a window of them in
/// flight, or at a fixed rate) and waits until every one reached a terminal state.
struct BenchHubRun {
    enum Pacing: Sendable {
        /// At most this many applications submitted and not yet terminal.
        case window(Int)
        /// Applications per second, evenly spaced.
        case rate(Double)
    }

    let flow: Flow
    /// Submitted first, alone, before the hub starts; not counted in the figures.
    let warmUp: BenchApplication
    let applications: [BenchApplication]
    let pacing: Pacing
    let storePath: String
    let partitions: Int32
    let timeScale: Double
    let hubKafkaProperties: [String: String]
    /// Keep the departments' per-request timings (for the hop latency).
    let recording: Bool
    /// The hub's batch size; nil: `HubServiceOptions`' default.
    var batchSize: Int? = nil
    /// Whether the hub writes its state topic (`HubServiceOptions.keepsStateInKafka`).
    var keepsStateInKafka = true
    /// Keys for signed messages everywhere (the hub verifies and signs, the channel and
    /// departments sign); nil: signatures off.
    var signing: BenchSigning? = nil
    /// Whether the hub keeps its evidence log (`HubServiceOptions.evidence`).
    var keepsEvidence = true
    /// `hubd` instances in one consumer group, each with its own store (the first at
    /// `storePath`, the others beside it) and its own static member id, as a deployment
    /// runs them; all in this process, so they share its cores with the departments and
    /// the mock cluster.
    var instances = 1

    /// Where instance `index` (from 0) keeps its store.
    static func storePath(_ storePath: String, instance index: Int) -> String {
        index == 0 ? storePath : storePath.replacingOccurrences(of: ".sqlite", with: "") + "-instance\(index + 1).sqlite"
    }

    struct Figures: Sendable {
        var intake = BenchTally()
        var replies = BenchTally()
        var requests = BenchTally()
        var statuses = BenchTally()
        /// Records the hub wrote to the flow's state topic (no one in the benchmark reads
        /// them, so they are counted as the hub hands them over, from its outbox rows).
        var stateRecords = BenchTally()
        var completed = 0
        var otherTerminal: [String: Int] = [:]
        var cancels = 0
        /// `HubService(options:)`: opening the store, creating the clients.
        var initSeconds = 0.0
        /// From `HubService(options:)` to the first status message seen (the hub consumed,
        /// processed, committed and published its first batch).
        var firstStatusSeconds = 0.0
        /// From the warm-up application's completion (when the others are submitted) to
        /// the last application terminal.
        var busySeconds = 0.0
        /// CPU time of the whole process (hub, departments, Kafka) over about the same span
        /// (until the last application was seen terminal).
        var processCPUSeconds = 0.0
        var storeBytes = 0
        /// The store's write transactions and WAL pages over the same span as `busySeconds`.
        var storeWrites = StoreWriteStatistics(transactions: 0, pagesWritten: 0)
        var problems: [String] = []
        var events: [String: [BenchResponder.Event]] = [:]
        /// Every request the hub delivered for a consumed batch, timed on the hub's side.
        var deliveredRequests: [BenchHops.HubSideRequest] = []
        /// The hub's own cost of its consumed batches (routing and store transaction).
        var processing = BenchProcessingCost()
        /// A completed application as the hub stored it (a template for pre-filling).
        var sample: ApplicationRecord?
        /// That application's state record as the hub wrote it (a template for the restore
        /// phase); nil without the state topic.
        var sampleState: StateRecord?

        var hubIn: BenchTally { intake + replies }
        var hubOut: BenchTally { requests + statuses + stateRecords }
        var applicationsPerSecond: Double { busySeconds > 0 ? Double(completed + otherTerminal.values.reduce(0, +)) / busySeconds : 0 }
        var hubMessagesPerSecond: Double { busySeconds > 0 ? Double(hubIn.messages + hubOut.messages) / busySeconds : 0 }
    }

    static let warmUpTopic = "bench-warm-up"

    func run() async throws -> Figures {
        guard !applications.isEmpty else { throw BenchFailure("no applications to run") }
        let cluster = try MockCluster(brokers: 1)
        for specification in TopicProvisioning.specifications(for: flow, partitions: partitions, replicationFactor: 1) {
            try cluster.createTopic(specification.name, partitions: partitions, replicationFactor: 1)
        }
        try cluster.createTopic(Self.warmUpTopic, partitions: 1, replicationFactor: 1)
        let servers = cluster.bootstrapServers
        let watcher = try BenchStatusWatcher(flow: flow, bootstrapServers: servers)
        let responder = try BenchResponder(flow: flow, bootstrapServers: servers, recording: recording, signing: signing)
        watcher.start()
        responder.start()
        try await waitUntil("the departments and the status reader joined their groups", seconds: 30) {
            watcher.figures.assigned && responder.figures.assigned
        }

        var producerConfiguration = KafkaConfiguration(bootstrapServers: servers)
        producerConfiguration.clientID = "bench-channel"
        producerConfiguration.properties = ["linger.ms": "2", "socket.nagle.disable": "true"]
        let channel = try KafkaProducer(configuration: producerConfiguration)
        try await responder.warmUp(topic: Self.warmUpTopic)
        _ = try await channel.send(OutgoingMessage(topic: Self.warmUpTopic, key: nil, value: Array("warm-up".utf8)))
        let sendProblems = Locked([String]())
        let signing = signing
        func submit(_ application: BenchApplication) throws {
            let message = try signing.map { try $0.sign(application.message, as: BenchSigning.channel) } ?? application.message
            try channel.send(message) { result in
                if case .failure(let error) = result { sendProblems.withLock { $0.append(error.description) } }
            }
        }

        var figures = Figures()
        // The warm-up application waits on intake before the hub exists: the time to its
        // status is the time from start to consuming (the measure of the resume phase).
        try submit(warmUp)

        var options = HubServiceOptions(bootstrapServers: servers, storePath: storePath, flow: flow)
        options.timeScale = timeScale
        options.groupID = "bench-hub"
        options.kafkaProperties = hubKafkaProperties
        if let batchSize { options.batchSize = batchSize }
        options.keepsStateInKafka = keepsStateInKafka
        options.trust = signing?.trust
        if !keepsEvidence { options.evidence = nil }
        if instances > 1 { options.instanceID = "bench-hub-1" }
        let delivered = Locked([BenchHops.HubSideRequest]())
        let processing = Locked(BenchProcessingCost())
        let requestTopics = Set(flow.departments.map { flow.topics.requests($0.code) })
        let recording = recording
        let stateTopic = flow.topics.state
        let stateRecords = Locked(BenchTally())
        options.deliveryObserver = { batch in
            processing.withLock { $0.add(batch) }
            var state = BenchTally()
            for row in batch.rows where row.topic == stateTopic { state.add(bytes: BenchSizes.bytes(row)) }
            if state.messages > 0 { stateRecords.withLock { $0 = $0 + state } }
            guard recording else { return }
            let found = BenchHops.requests(in: batch, requestTopics: requestTopics)
            delivered.withLock { $0 += found }
        }
        let initStart = BenchClock.now()
        let hub = try HubService(options: options)
        figures.initSeconds = BenchClock.seconds(from: initStart, to: BenchClock.now())
        var hubs = [hub]
        for index in 1..<max(1, instances) {
            var more = options
            more.storePath = Self.storePath(storePath, instance: index)
            more.instanceID = "bench-hub-\(index + 1)"
            BenchFiles.removeStore(more.storePath)
            hubs.append(try HubService(options: more))
        }
        let outcomes = Locked<[Result<Void, any Error>?]>(Array(repeating: nil, count: hubs.count))
        let runs = hubs.enumerated().map { index, hub in
            Task.detached {
                let result: Result<Void, any Error>
                do { try await hub.run(); result = .success(()) } catch { result = .failure(error) }
                outcomes.withLock { $0[index] = result }
            }
        }
        let instances = hubs.count
        func hubEnded() -> String? {
            outcomes.withLock { results in
                for (index, result) in results.enumerated() {
                    let name = instances > 1 ? "the hub (instance \(index + 1))" : "the hub"
                    switch result {
                    case .none: continue
                    case .success: return "\(name) stopped by itself"
                    case .failure(let error): return "\(name) failed: \(error)"
                    }
                }
                return nil
            }
        }

        try await waitUntil("the first status message", seconds: 60, failure: hubEnded) { watcher.figures.firstStatusAt != nil }
        let firstStatusAt = watcher.figures.firstStatusAt ?? BenchClock.now()
        figures.firstStatusSeconds = BenchClock.seconds(from: initStart, to: firstStatusAt)

        try await waitUntil("the warm-up application", seconds: 60, failure: hubEnded) { watcher.figures.terminal >= 1 }
        if hubs.count > 1 {
            // Every instance owns its share before the clock starts: no rebalance inside it.
            try await waitUntil("every instance owning partitions", seconds: 120, failure: hubEnded) {
                let owned = hubs.map { $0.ownership.ownedPartitions.count }
                return owned.reduce(0, +) == Int(partitions) && owned.allSatisfy { $0 > 0 || Int(partitions) < hubs.count }
                    && hubs.allSatisfy { $0.restoringPartitions == 0 }
            }
        }
        // The clock starts now; what the warm-up moved is not counted.
        let startWatched = watcher.figures
        let startAnswered = responder.figures
        let clockStart = BenchClock.now()
        let storeStart = hubs.map { $0.store.writeStatistics() }
        let stateStart = stateRecords.withLock { $0 }
        let cpuStart = BenchProcessCPU.seconds()
        var submitted = 0
        let total = applications.count
        switch pacing {
        case .window(let window):
            while submitted < total {
                if let ended = hubEnded() { throw BenchFailure(ended) }
                let inFlight = submitted - (watcher.figures.terminal - startWatched.terminal)
                if inFlight < window {
                    for application in applications[submitted..<min(total, submitted + window - inFlight)] {
                        try submit(application)
                        figures.intake.add(bytes: application.bytes)
                        submitted += 1
                    }
                } else {
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
        case .rate(let perSecond):
            let start = clockStart
            while submitted < total {
                if let ended = hubEnded() { throw BenchFailure(ended) }
                let due = start + UInt64(Double(submitted) / perSecond * 1e9)
                let now = BenchClock.now()
                if now < due { try await Task.sleep(for: .nanoseconds(Int64(due - now))) }
                try submit(applications[submitted])
                figures.intake.add(bytes: applications[submitted].bytes)
                submitted += 1
            }
        }

        var lastProgress = BenchClock.now()
        var lastTerminal = watcher.figures.terminal
        while watcher.figures.terminal < total + 1 {
            if let ended = hubEnded() { throw BenchFailure(ended) }
            try await Task.sleep(for: .milliseconds(5))
            let terminal = watcher.figures.terminal
            if terminal != lastTerminal { lastTerminal = terminal; lastProgress = BenchClock.now() }
            if BenchClock.seconds(from: lastProgress, to: BenchClock.now()) > 30 {
                figures.problems.append("stalled: \(terminal) of \(total) applications terminal after 30 s without progress")
                break
            }
        }
        let cpuEnd = BenchProcessCPU.seconds()
        // Let the last replies' and statuses' counters settle (delivery reports).
        try await Task.sleep(for: .milliseconds(100))

        let watched = watcher.figures
        let answered = responder.figures
        let writes = zip(hubs, storeStart).map { $0.store.writeStatistics() - $1 }
        figures.storeWrites = StoreWriteStatistics(transactions: writes.map(\.transactions).reduce(0, +),
                                                   pagesWritten: writes.map(\.pagesWritten).reduce(0, +))
        figures.busySeconds = BenchClock.seconds(from: clockStart, to: watched.lastTerminalAt ?? BenchClock.now())
        figures.processCPUSeconds = cpuEnd - cpuStart
        figures.statuses = watched.statuses - startWatched.statuses
        figures.completed = watched.completed - startWatched.completed
        figures.otherTerminal = watched.otherTerminal.merging(startWatched.otherTerminal) { $0 - $1 }.filter { $0.value != 0 }
        figures.requests = answered.requests - startAnswered.requests
        figures.stateRecords = stateRecords.withLock { $0 } - stateStart
        figures.replies = answered.replies - startAnswered.replies
        figures.cancels = answered.cancels - startAnswered.cancels
        figures.problems += watched.problems + answered.problems + sendProblems.withLock { Array($0.prefix(5)) }
        figures.processing = processing.withLock { $0 }
        if recording {
            figures.events = responder.events.filter { $0.key != warmUp.id }
            figures.deliveredRequests = delivered.withLock { $0 }.filter { $0.request.applicationID != warmUp.id }
        }

        for hub in hubs { hub.stop() }
        for run in runs { await run.value }
        if let ended = hubEnded(), !ended.hasSuffix("stopped by itself") { figures.problems.append(ended) }
        for (index, hub) in hubs.enumerated() {
            try hub.store.checkpoint()
            figures.storeBytes += BenchFiles.storeBytes(Self.storePath(storePath, instance: index))
        }
        // A completed application as its owner stored it.
        for hub in hubs where figures.sample == nil {
            guard let sample = try? hub.store.read({ reader in try reader.application(id: applications[total - 1].id) }) else { continue }
            figures.sample = sample
            if keepsStateInKafka {
                figures.sampleState = try? hub.store.write { writer in
                    try writer.stateRecord(of: sample, writer: hub.store.writerID, publishedThrough: nil)
                }
            }
        }
        await responder.stop()
        await watcher.stop()
        await channel.close(timeout: .seconds(3))
        return figures
    }
}
