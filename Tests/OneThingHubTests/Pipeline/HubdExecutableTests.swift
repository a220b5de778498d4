import Foundation
import Testing
import OneThingTestSupport
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// The `hubd` binary itself: exit codes, `topics create`, and `run` stopping cleanly on
/// SIGTERM against the in-process mock cluster (brokers on real local ports).
@Suite("hubd executable")
struct HubdExecutableTests {
    static var hubd: URL? {
        let products = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [products.appendingPathComponent("hubd"),
                          products.deletingLastPathComponent().appendingPathComponent("hubd")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Finished { let status: Int32; let output: String; let errors: String }

    static func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> (ChildProcess, Pipe, Pipe) {
        guard let hubd else { throw TestFailure("hubd was not built next to the tests") }
        let process = ChildProcess()
        process.executableURL = hubd
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ONETHING_") }
            .merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = .pipe(output)
        process.standardError = .pipe(errors)
        try process.run()
        return (process, output, errors)
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Finished {
        let (process, output, errors) = try launch(arguments, environment: environment)
        _ = try await eventually(within: .seconds(30), every: .milliseconds(50)) { !process.isRunning }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Finished(status: process.terminationStatus,
                        output: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                        errors: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test func usageErrorsExitTwoWithTheUsage() async throws {
        let none = try await Self.run([])
        #expect(none.status == 2)
        #expect(none.errors.contains("usage: hubd"))
        let missing = try await Self.run(["run", "--store", "/tmp/x.db"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("usage: hubd run"))
        let unknown = try await Self.run(["fly"])
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("unknown command"))
        let help = try await Self.run(["run", "--help"])
        #expect(help.status == 0)
    }

    @Test(.enabled(if: TansuBroker.executable != nil, "needs the Tansu broker (deploy/setup installs it)"))
    func topicsCreateAgainstARealBroker() async throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: broker.bootstrapServers,
                                                                     properties: ["log_level": "0"]))
        try await broker.waitUntilReady { _ = try await admin.listTopics(timeout: .seconds(1)) }
        for _ in 0..<2 {   // safe to run again
            let created = try await Self.run(["topics", "create", "--bootstrap-servers", broker.bootstrapServers,
                                              "--partitions", "2", "--catalogue", TestFlow.catalogueDirectory,
                                              "--kafka", "log_level=0"])
            #expect(created.status == 0, "\(created.errors)")
            #expect(created.output.contains("retirement.status"))
            #expect(created.output.contains("cleanup.policy=compact"))
        }
    }

    @Test func runConsumesAndStopsCleanlyOnSigterm() async throws {
        let cluster = try MockCluster(brokers: 1)
        let catalogue = TestFlow.catalogueDirectory
        try MockKafka.createTopics(cluster, flow: TestFlow.retirement, partitions: 2)

        let store = FileManager.default.temporaryDirectory.appendingPathComponent("hubd-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let (process, _, errors) = try Self.launch(
            ["run", "--store", store, "--catalogue", catalogue, "--time-scale", "0.001", "--log-format", "json",
             "--kafka", "session.timeout.ms=1500", "--kafka", "heartbeat.interval.ms=300"],
            environment: ["ONETHING_BOOTSTRAP_SERVERS": cluster.bootstrapServers])
        let flow = TestFlow.retirement
        let channel = try Channel(cluster: cluster, flow: flow)
        try await channel.submit(ApplicationForms.minimal(id: "GX-HUBD-1"), id: "GX-HUBD-1")
        let reader = try CorrelationStore(path: store, readOnly: false)
        #expect(try await eventually(within: .seconds(30)) {
            try reader.read { try $0.application(id: "GX-HUBD-1") }?.matter("M10")?.state == .sent
        })
        let start = ContinuousClock.now
        process.terminate()   // SIGTERM
        _ = try await eventually(within: .seconds(30), every: .milliseconds(50)) { !process.isRunning }
        #expect(!process.isRunning)
        // A bound on stopping at all: HubdStopTests times the 10 s contract by hubd's own
        // log, which a loaded test process's starved clock cannot stretch.
        #expect(ContinuousClock.now - start < .seconds(30))
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("hub stopped"))
        #expect(!log.contains("450103196503151798"))
        // Run without --keys (the contract's flags): one warning says nothing is signed or verified.
        let signaturesOff = log.split(separator: "\n").filter { $0.contains("signatures are off") }
        #expect(signaturesOff.count == 1)
        #expect(signaturesOff.first?.contains(#""level":"warning""#) == true)
        #expect(signaturesOff.first?.contains("neither signed nor verified") == true)
        await channel.close()
    }
}
