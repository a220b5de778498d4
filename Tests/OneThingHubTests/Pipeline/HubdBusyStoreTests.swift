import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import OneThingTestSupport
import OneThingKafka
@testable import OneThingStore
@testable import OneThingHub

/// An operator's `sqlite3` shell holding the store's write lock (`BEGIN IMMEDIATE` in a
/// connection of its own) while `hubd` runs: the hub waits, reports it, carries on once
/// the lock is released, and a SIGTERM still stops it cleanly within 10 s.
@Suite("hubd with a store locked by another process", .serialized)
struct HubdBusyStoreTests {
    /// The shell's side: a connection of its own with an open write transaction.
    final class ShellLock: @unchecked Sendable {
        private let connection: Connection
        init(path: String) throws {
            connection = try Connection(path: path, readOnly: false, busyTimeout: .seconds(2))
            try connection.execute("BEGIN IMMEDIATE")
        }
        func release() throws { try connection.execute("COMMIT") }
    }

    /// The lock is taken before the hub starts, on a file with no schema yet: the hub's
    /// very first write (creating the schema) waits, and the signal ends that wait.
    @Test func sigtermWhileTheStoreIsLockedAtStartUp() async throws {
        let directory = try TemporaryDirectory(prefix: "hubd-busy")
        let lock = try ShellLock(path: directory.path())
        let hubd = try HubdProcess(["run", "--store", directory.path(), "--catalogue", TestFlow.catalogueDirectory,
                                    "--bootstrap-servers", "127.0.0.1:\(try closedLocalPort())", "--kafka", "log_level=0"])
        #expect(await hubd.waitForLog("store is locked by another process; waiting"), "\(hubd.log)")
        let (status, took) = await hubd.stop()
        try lock.release()
        #expect(status == 0, "\(hubd.log)")
        #expect((hubd.loggedStopDuration ?? .seconds(99)) < .seconds(10), "\(hubd.log)")
        #expect(took < .seconds(30), "the process ended (wall clock of a possibly starved test process)")
        #expect(hubd.log.contains("hub stopped during start-up"), "\(hubd.log)")
        print("hubd stop while the store is locked at start-up: \(took), by its log \(hubd.loggedStopDuration.map { "\($0)" } ?? "?")")
    }

    @Test func aLockedStoreIsWaitedForAndASigtermStillStopsIt() async throws {
        let cluster = try MockCluster(brokers: 1)
        try MockKafka.createTopics(cluster, flow: TestFlow.retirement, partitions: 2)
        let directory = try TemporaryDirectory(prefix: "hubd-busy")
        let path = directory.path()
        let hubd = try HubdProcess(["run", "--store", path, "--catalogue", TestFlow.catalogueDirectory,
                                    "--time-scale", "0.001", "--kafka", "log_level=0", "--metrics-port", "0",
                                    "--log-format", "json", "--health-stall-seconds", "2",
                                    "--kafka", "session.timeout.ms=1500", "--kafka", "heartbeat.interval.ms=300"],
                                   environment: ["ONETHING_BOOTSTRAP_SERVERS": cluster.bootstrapServers])
        #expect(await hubd.waitForLog("hub starting"))
        let port = try #require(Self.metricsPort(in: hubd.log))
        let channel = try Channel(cluster: cluster, flow: TestFlow.retirement)
        defer { Task { await channel.close() } }

        // Locked for 3 s while an application arrives: it waits, then goes through.
        let lock = try ShellLock(path: path)
        try await channel.submit(ApplicationForms.minimal(id: "GX-BUSY-1"), id: "GX-BUSY-1")
        #expect(await hubd.waitForLog("store is locked by another process; waiting"), "\(hubd.log)")
        try await Task.sleep(for: .seconds(3))
        let reader = try CorrelationStore(path: path, readOnly: true)
        #expect(try reader.read { try $0.application(id: "GX-BUSY-1") } == nil)
        let locked = try #require(OpsMetricsServerTests.get(port: port, "/healthz"))
        #expect(locked.hasPrefix("HTTP/1.1 503 "), "\(locked)")
        #expect(locked.contains("the store cannot be written: locked by another process"), "\(locked)")
        try lock.release()
        #expect(try await eventually(within: .seconds(30)) {
            try reader.read { try $0.application(id: "GX-BUSY-1") }?.matter("M10")?.state == .sent
        })
        #expect(hubd.log.contains("store writable again"))
        #expect(OpsMetricsServerTests.get(port: port, "/healthz")?.hasPrefix("HTTP/1.1 200 OK") == true)
        #expect(OpsMetricsServerTests.get(port: port, "/readyz")?.hasPrefix("HTTP/1.1 200 OK") == true)
        #expect(hubd.process.isRunning)
        let metrics = try #require(OpsMetricsServerTests.get(port: port, "/metrics"))
        let busyCount = metrics.split(separator: "\n").first { $0.hasPrefix("onething_store_busy_total ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
        #expect((busyCount ?? 0) >= 2, "\(metrics)")

        // Locked again, then SIGTERM while the hub waits for it.
        let again = try ShellLock(path: path)
        try await channel.submit(ApplicationForms.minimal(id: "GX-BUSY-2"), id: "GX-BUSY-2")
        try await Task.sleep(for: .seconds(2))
        let (status, took) = await hubd.stop()
        try again.release()
        #expect(status == 0, "\(hubd.log)")
        #expect((hubd.loggedStopDuration ?? .seconds(99)) < .seconds(10), "\(hubd.log)")
        #expect(took < .seconds(30), "the process ended (wall clock of a possibly starved test process)")
        print("hubd stop while the store is locked: \(took), by its log \(hubd.loggedStopDuration.map { "\($0)" } ?? "?")")
    }

    static func metricsPort(in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.contains("metrics listening") {
            guard let range = line.range(of: "\"port\":") else { continue }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        return nil
    }
}
