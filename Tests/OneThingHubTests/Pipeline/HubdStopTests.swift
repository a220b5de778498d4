import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import OneThingTestSupport
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// The contract (README, "Operating hubd"): SIGTERM stops `hubd` with exit status 0
/// within 10 s, in every state. Each test runs the binary as a process and signals it in
/// one of the states where a stop could be slow, lost or unclean.
@Suite("hubd stops on SIGTERM in every state", .serialized)
struct HubdStopTests {
    static let limit: Duration = .seconds(10)

    /// The signal comes as soon as the process has its handler, i.e. in its first
    /// milliseconds, while the catalogue loads and the store opens.
    @Test func sigtermAtStartUpIsACleanStop() async throws {
        let directory = try TemporaryDirectory(prefix: "hubd-stop")
        let port = try closedLocalPort()
        let hubd = try HubdProcess(["run", "--store", directory.path(), "--catalogue", TestFlow.catalogueDirectory,
                                    "--bootstrap-servers", "127.0.0.1:\(port)", "--kafka", "log_level=0"])
        let launched = ContinuousClock.now
        while !hubd.catches(SIGTERM) && ContinuousClock.now - launched < .seconds(10) {
            try await Task.sleep(for: .microseconds(200))
        }
        #expect(hubd.catches(SIGTERM), "hubd never installed a SIGTERM handler")
        let handlerAfter = ContinuousClock.now - launched
        let (status, took) = await hubd.stop()
        #expect(status == 0, "\(hubd.log)")
        #expect((hubd.loggedStopDuration ?? .seconds(99)) < Self.limit, "\(hubd.log)")
        #expect(took < .seconds(30), "the process ended (wall clock of a possibly starved test process)")
        #expect(hubd.log.contains("hub stopped"), "\(hubd.log)")
        print("hubd stop at start-up: handler \(handlerAfter) after launch, stopped in \(took)")
    }

    /// No broker answers at all: the consumer never joins, the producer never connects.
    @Test func sigtermWithTheBrokerUnreachable() async throws {
        let directory = try TemporaryDirectory(prefix: "hubd-stop")
        let port = try closedLocalPort()
        let hubd = try HubdProcess(["run", "--store", directory.path(), "--catalogue", TestFlow.catalogueDirectory,
                                    "--bootstrap-servers", "127.0.0.1:\(port)", "--kafka", "log_level=0"])
        #expect(await hubd.waitForLog("hub starting"))
        try await Task.sleep(for: .seconds(1))
        let (status, took) = await hubd.stop()
        #expect(status == 0, "\(hubd.log)")
        #expect((hubd.loggedStopDuration ?? .seconds(99)) < Self.limit, "\(hubd.log)")
        #expect(took < .seconds(30), "the process ended (wall clock of a possibly starved test process)")
        print("hubd stop with the broker unreachable: \(took), by its log \(hubd.loggedStopDuration.map { "\($0)" } ?? "?")")
    }

    /// The outbox holds a row the broker never takes (unreachable, deliveries time out
    /// after 300 ms), so the hub is in its publish-retry loop when the signal comes. The
    /// row must still be in the store afterwards, for the next start.
    @Test func sigtermWhileTheOutboxRetries() async throws {
        let directory = try TemporaryDirectory(prefix: "hubd-stop")
        let path = directory.path()
        do {
            let store = try CorrelationStore(path: path)
            try store.write { try $0.enqueue(topic: TestFlow.retirement.topics.status, key: Array("GX-STOP-1".utf8),
                                             value: Array("{}".utf8), headers: []) }
        }
        let port = try closedLocalPort()
        let hubd = try HubdProcess(["run", "--store", path, "--catalogue", TestFlow.catalogueDirectory,
                                    "--bootstrap-servers", "127.0.0.1:\(port)", "--kafka", "log_level=0",
                                    "--kafka", "message.timeout.ms=300"])
        #expect(await hubd.waitForLog("publishing the outbox failed; retrying"))
        try await Task.sleep(for: .seconds(2))
        let (status, took) = await hubd.stop()
        #expect(status == 0, "\(hubd.log)")
        #expect((hubd.loggedStopDuration ?? .seconds(99)) < Self.limit, "\(hubd.log)")
        #expect(took < .seconds(30), "the process ended (wall clock of a possibly starved test process)")
        let left = try CorrelationStore(path: path, readOnly: true).unsentOutbox(limit: 10)
        #expect(left.count == 1)
        print("hubd stop while the outbox retries: \(took), by its log \(hubd.loggedStopDuration.map { "\($0)" } ?? "?")")
    }

    /// The hub joined its group and served an application, then the broker went down.
    @Test func sigtermAfterTheBrokerWentDown() async throws {
        let cluster = try MockCluster(brokers: 1)
        try MockKafka.createTopics(cluster, flow: TestFlow.retirement, partitions: 2)
        let directory = try TemporaryDirectory(prefix: "hubd-stop")
        let hubd = try HubdProcess(["run", "--store", directory.path(), "--catalogue", TestFlow.catalogueDirectory,
                                    "--time-scale", "0.001", "--kafka", "log_level=0",
                                    "--kafka", "session.timeout.ms=1500", "--kafka", "heartbeat.interval.ms=300"],
                                   environment: ["ONETHING_BOOTSTRAP_SERVERS": cluster.bootstrapServers])
        let channel = try Channel(cluster: cluster, flow: TestFlow.retirement)
        try await channel.submit(ApplicationForms.minimal(id: "GX-STOP-2"), id: "GX-STOP-2")
        #expect(await hubd.waitForLog("hub starting"))
        let reader = try CorrelationStore(path: directory.path(), readOnly: true)
        #expect(try await eventually(within: .seconds(30)) {
            try reader.read { try $0.application(id: "GX-STOP-2") }?.matter("M10")?.state == .sent
        })
        cluster.setBrokerDown(1)
        try await Task.sleep(for: .seconds(2))
        let (status, took) = await hubd.stop()
        #expect(status == 0, "\(hubd.log)")
        #expect((hubd.loggedStopDuration ?? .seconds(99)) < Self.limit, "\(hubd.log)")
        #expect(took < .seconds(30), "the process ended (wall clock of a possibly starved test process)")
        print("hubd stop after the broker went down: \(took), by its log \(hubd.loggedStopDuration.map { "\($0)" } ?? "?")")
        await channel.close()
    }
}
