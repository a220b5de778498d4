import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import OneThingKafka
@testable import OneThingHub

/// `hubd run` under `Type=notify` (README, "Operating hubd"; the unit in deploy/systemd):
/// the process itself, not only its notifier, tells the socket `$NOTIFY_SOCKET` names
/// `READY=1` once it serves, `WATCHDOG=1` while its loop turns (at half `$WATCHDOG_USEC`)
/// and `STOPPING=1` at a SIGTERM, after which it exits 0.
@Suite("hubd speaks to systemd", .serialized)
struct HubdSystemdNotifyTests {
    @Test func readyThenWatchdogThenStopping() async throws {
        let cluster = try MockCluster(brokers: 1)
        try MockKafka.createTopics(cluster, flow: TestFlow.retirement, partitions: 2)
        let socketPath = "/tmp/onething-notify-\(UUID().uuidString.prefix(8)).sock"
        let systemd = try SystemdNotifierTests.Receiver(bytes: Array(socketPath.utf8))
        defer { unlink(socketPath) }
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("hubd-notify-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let hubd = try HubdProcess(["run", "--store", store, "--catalogue", TestFlow.catalogueDirectory,
                                    "--kafka", "session.timeout.ms=1500", "--kafka", "heartbeat.interval.ms=300",
                                    "--kafka", "log_level=0"],
                                   environment: ["ONETHING_BOOTSTRAP_SERVERS": cluster.bootstrapServers,
                                                 "NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "1000000"])
        var messages: [String] = []
        /// Collects what arrives until `done` holds for what was collected, or `limit` passes.
        func collect(within limit: Duration, until done: ([String]) -> Bool) async throws {
            let end = ContinuousClock.now + limit
            while !done(messages) && ContinuousClock.now < end {
                if let message = Self.receiveWithoutWaiting(systemd.descriptor) {
                    messages.append(message)
                } else {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }

        try await collect(within: .seconds(60)) { $0.contains { $0.hasPrefix("READY=1") } }
        let ready = try #require(messages.firstIndex { $0.hasPrefix("READY=1") }, "no READY=1: \(messages)\n\(hubd.log)")
        #expect(messages[ready].contains("STATUS=serving"))
        try await collect(within: .seconds(30)) { $0[(ready + 1)...].filter { $0 == "WATCHDOG=1" }.count >= 2 }
        #expect(messages[(ready + 1)...].filter { $0 == "WATCHDOG=1" }.count >= 2, "\(messages)")

        let (status, _) = await hubd.stop()
        try await collect(within: .seconds(5)) { $0.contains { $0.hasPrefix("STOPPING=1") } }
        #expect(messages.contains { $0.hasPrefix("STOPPING=1") }, "\(messages)")
        #expect(status == 0, "\(hubd.log)")
    }

    /// One datagram if one is waiting (never blocks a concurrency thread).
    static func receiveWithoutWaiting(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        return count < 0 ? nil : String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}
