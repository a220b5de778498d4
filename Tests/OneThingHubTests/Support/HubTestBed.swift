import Foundation
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub
import OneThingTestSupport

/// One end-to-end world: a mock cluster with the flow's topics, a temporary store, the
/// hub (which can be stopped, crashed and restarted on the same store and cluster),
/// simulated departments, a channel, and a recorder of status and dead-letter topics.
final class HubTestBed {
    let flow = TestFlow.retirement
    let cluster: MockCluster
    let storePath: String
    let timeScale: Double
    let departments: ScriptedDepartments
    let channel: Channel
    let recorder: TopicRecorder
    private(set) var service: HubService?
    private var running: Task<Void, Error>?
    private var hubEnded = Collected(true)
    private let directory: URL
    /// The hub's messages per batch; nil: the service's default.
    private let batchSize: Int?
    /// Changes to the service's options the test wants (limits, Kafka properties).
    var adjustOptions: (inout HubServiceOptions) -> Void = { _ in }
    /// Whether the channel and departments sign and the hub checks and signs (with the
    /// test keys, see `TestKeys`), as every deployment does.
    let signatures: Bool

    /// `senderPartitioner`: how the channel and the departments place keys (nil: murmur2,
    /// like the hub; "consistent_random": librdkafka's CRC32 default).
    init(timeScale: Double = 0.001, partitions: Int32 = 2, batchSize: Int? = nil, brokers: Int = 1,
         script: @escaping ScriptedDepartments.Script = ScriptedDepartments.approveAll,
         senderPartitioner: String? = nil, signatures: Bool = true) throws {
        self.batchSize = batchSize
        self.signatures = signatures
        cluster = try MockCluster(brokers: brokers)
        try MockKafka.createTopics(cluster, flow: flow, partitions: partitions)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hubtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storePath = directory.appendingPathComponent("hub.db").path
        self.timeScale = timeScale
        departments = try ScriptedDepartments(cluster: cluster, flow: flow, script: script, partitioner: senderPartitioner,
                                              signs: signatures)
        channel = try Channel(cluster: cluster, flow: flow, partitioner: senderPartitioner, signs: signatures)
        recorder = try TopicRecorder(cluster: cluster, topics: [flow.topics.status, flow.topics.deadletter, flow.topics.state]
                                                                   + flow.topics.published)
        departments.start()
    }

    func options(crashPoint: (@Sendable (HubCrashPoint) -> Bool)? = nil) -> HubServiceOptions {
        var options = HubServiceOptions(bootstrapServers: cluster.bootstrapServers, storePath: storePath, flow: flow)
        options.groupID = "hub-under-test"
        options.timeScale = timeScale
        options.kafkaProperties = MockKafka.fastGroupProperties
        options.logger = HubLogger(minimumLevel: .error)
        options.crashPoint = crashPoint
        options.trust = signatures ? try? TestKeys.trust() : nil
        if let batchSize { options.batchSize = batchSize }
        adjustOptions(&options)
        return options
    }

    /// Another instance of the hub in the same group, on a store of its own named
    /// `storeName` in the bed's directory (not started: `run()` it in a task).
    func makeInstance(instanceID: String?, storeName: String, properties: [String: String] = [:],
                      configure: (inout HubServiceOptions) -> Void = { _ in }) throws -> HubService {
        var options = options()
        options.storePath = directory.appendingPathComponent(storeName).path
        options.instanceID = instanceID
        options.kafkaProperties.merge(properties) { $1 }
        configure(&options)
        return try HubService(options: options)
    }

    /// Starts a fresh service on the same store and cluster; `customize` changes its
    /// options first.
    func startHub(crashPoint: (@Sendable (HubCrashPoint) -> Bool)? = nil,
                  customize: (inout HubServiceOptions) -> Void = { _ in }) throws {
        var options = options(crashPoint: crashPoint)
        customize(&options)
        let hub = try HubService(options: options)
        service = hub
        let ended = Collected(false)
        hubEnded = ended
        running = Task {
            defer { ended.update { $0 = true } }
            try await hub.run()
        }
    }

    /// Graceful stop; returns how long it took.
    @discardableResult
    func stopHub() async throws -> Duration {
        let start = ContinuousClock.now
        service?.stop()
        try await running?.value
        running = nil
        return ContinuousClock.now - start
    }

    /// Abrupt stop, like `kill -9`: nothing more is published or committed.
    func crashHub() async {
        running?.cancel()
        _ = try? await running?.value
        running = nil
    }

    /// Waits for a crash point to end the service's run; crashes it by hand if it has
    /// not ended within `timeout` (the point was never reached).
    func waitForHubToEnd(within timeout: Duration) async throws {
        let ended = hubEnded
        _ = try await eventually(within: timeout) { ended.current }
        await crashHub()
    }

    var store: CorrelationStore {
        get throws {
            guard let store = service?.store else { throw TestFailure("the hub was never started") }
            return store
        }
    }

    func record(_ id: String) throws -> ApplicationRecord? {
        try store.read { try $0.application(id: id) }
    }

    func history(_ id: String) throws -> [HistoryEntry] {
        try store.read { try $0.history(applicationID: id) }
    }

    /// Waits until the application satisfies `condition`; returns the record seen last.
    @discardableResult
    func waitFor(_ id: String, within timeout: Duration = .seconds(30),
                 _ condition: @escaping (ApplicationRecord) -> Bool) async throws -> ApplicationRecord? {
        var seen: ApplicationRecord?
        _ = try await eventually(within: timeout) {
            seen = try self.record(id)
            return seen.map(condition) ?? false
        }
        return seen
    }

    func waitForOutcome(_ id: String, within timeout: Duration = .seconds(30)) async throws -> Outcome? {
        try await waitFor(id, within: timeout) { $0.outcome != nil }?.outcome
    }

    /// Status snapshots published for an application, parsed, in order.
    func statuses(_ id: String) -> [JSONObject] {
        recorder.on(flow.topics.status)
            .filter { $0.key.map { String(decoding: $0, as: UTF8.self) } == id }
            .compactMap { $0.value.flatMap { try? JSONValue(parsing: $0).objectValue } }
    }

    func statusEvents(_ id: String) -> [String] { statuses(id).compactMap { $0["event"]?.stringValue } }

    func deadLetters() -> [ConsumedMessage] { recorder.on(flow.topics.deadletter) }

    func deadLetterCodes() -> [String] { deadLetters().compactMap { MockKafka.header($0, "dlq_code") } }

    func shutdown() async {
        await crashHub()
        await departments.stop()
        await recorder.stop()
        await channel.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
