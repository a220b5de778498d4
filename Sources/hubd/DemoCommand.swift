#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingHub
import OneThingKafka
import OneThingSimulator
import OneThingSupport

/// `hubd demo`: the whole system in one process and nothing outside it. librdkafka's mock
/// cluster, the hub (`HubService`, the same pipeline as `hubd run`), the five simulated
/// departments and a channel that submits a seeded mix of applications, answers
/// supplement requests and withdraws a few; a live progress line, then a summary of
/// outcomes and per-department figures, and the store's path for `hubctl`.
enum DemoCommand {
    /// One catalogue day becomes 8.6 s, 15 days 130 s: applications finish in seconds and
    /// the slow identity checks of the plan overrun their one-day limit visibly.
    static let defaultTimeScale = 1e-4
    /// The shortest acknowledgement timeout the demo's hub uses, in seconds. At 1e-4 the
    /// catalogue's 10 minutes would be 60 ms, and nearly every request would be resent;
    /// on a loaded small machine this process's departments can take seconds to
    /// acknowledge while consumers join and during bursts. With 3 s, resends appear only
    /// where the plan has a department stay silent.
    static let minimumAcknowledgementTimeout = 3.0

    /// The mock brokers answer a fetch only when its wait runs out: a short wait makes each
    /// hop between hub and departments cost milliseconds, not half a second.
    static let quickFetch = ["fetch.wait.max.ms": "20"]

    static func run(_ configuration: HubDemoConfiguration) async -> Int32 {
        let count = configuration.applications
        let timeScale = configuration.timeScale ?? defaultTimeScale
        let scaledAcknowledgement: Double
        let seed = configuration.seed ?? UInt64.random(in: 1...999_999)
        // The hub's own lines would break the progress line: warnings and worse only.
        let logger = HubLogger(format: configuration.logFormat, minimumLevel: max(configuration.logLevel, .warning))

        let flow: Flow
        do {
            flow = try DemoCatalogue.servedFlow(directory: configuration.catalogueDirectory, timeScale: timeScale,
                                                minimumAcknowledgement: minimumAcknowledgementTimeout).flow
            scaledAcknowledgement = flow.acknowledgementTimeout * timeScale
        } catch {
            logger.critical("cannot load the catalogue", [.error(error)])
            return 3
        }
        let storePath: String
        do {
            storePath = try configuration.storePath ?? temporaryStorePath()
        } catch {
            logger.critical("cannot create a directory for the demo's store", [.error(error)])
            return 3
        }

        let cluster: MockCluster
        do {
            cluster = try MockCluster(brokers: 3, logHandler: logger.kafkaLogHandler())
            for topic in flow.topics.all { try cluster.createTopic(topic, partitions: 3, replicationFactor: 1) }
        } catch {
            logger.critical("cannot start the mock cluster", [.error(error)])
            return 3
        }
        let metrics = configuration.metricsPort == nil ? nil : HubMetrics()
        var options = HubServiceOptions(bootstrapServers: cluster.bootstrapServers, storePath: storePath, flow: flow)
        options.timeScale = timeScale
        // Timer rounds are store transactions; the default cadence at this scale (15 ms)
        // leaves the departments and channel sharing this process too little room.
        options.timerInterval = .milliseconds(50)
        options.kafkaProperties = quickFetch
        options.logger = logger
        options.metrics = metrics
        let keysFolder: String
        let service: HubService
        do {
            // Signed like a deployment: fresh keys for the hub, the departments and the demo channel.
            keysFolder = try temporaryKeysFolder()
            let keys = HubKeysConfiguration(outputDirectory: keysFolder)
            let signers = HubKeyTools.defaultSigners(departments: flow.departments.map(\.code)) + [DemoDriver.channelSource]
            _ = try HubKeyTools.generate(keys, signers: signers)
            options.trust = try MessageTrust(keys: KeyDirectory(path: keysFolder))
            service = try HubService(options: options)
        } catch {
            logger.critical("cannot start the hub", [.error(error)])
            return 3
        }
        var server: MetricsServer?
        if let port = configuration.metricsPort, let metrics {
            server = try? MetricsServer(port: port, registry: metrics.registry, health: { service.isHealthy })
        }
        defer { server?.stop() }

        let out = DemoOutput()
        out.line("hubd demo: \(count) applications, seed \(seed), time scale \(timeScale), mock cluster \(cluster.bootstrapServers)")
        out.line("acknowledgement timeout \(String(format: "%.2f", scaledAcknowledgement)) s (at least "
                 + "\(String(format: "%.1f", minimumAcknowledgementTimeout)) s in the demo: a Kafka round trip must fit)")
        out.line("store: \(storePath)")
        out.line("keys:  \(keysFolder) (SM2: every message signed and verified)")
        let hub = Task { try await service.run() }

        let plan = DemoPlan.make(flow: flow, count: count, seed: seed, timeScale: timeScale)
        var kafka = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        kafka.sessionTimeout = .milliseconds(3000)
        kafka.logHandler = logger.kafkaLogHandler()
        kafka.properties["heartbeat.interval.ms"] = "500"
        kafka.properties.merge(quickFetch) { $1 }
        let driver = DemoDriver(flow: flow, configuration: kafka, plan: plan, timeScale: timeScale,
                                keys: KeyDirectory(path: keysFolder))
        let report: DemoReport
        do {
            report = try await driver.run(timeout: .seconds(max(90, flow.overallTimeLimit.span(from: Date(), calendar: flow.calendar) * timeScale * 1.5)),
                                          progressInterval: out.isTerminal ? .milliseconds(200) : .seconds(3),
                                          submissionsPerSecond: 50) { progress in
                out.progress(progress.line)
            }
        } catch {
            out.endProgress()
            logger.critical("the demo could not run", [.error(error)])
            service.stop()
            _ = try? await hub.value
            return 1
        }
        out.endProgress()
        service.stop()
        do {
            try await hub.value
        } catch {
            logger.error("the hub stopped on an error", [.error(error)])
        }
        out.line("")
        out.line(report.render())
        out.line("")
        out.line("store: \(storePath)")
        out.line("try:   hubctl --store \(storePath) list    (or: stats, overdue, show APPLICATION_ID --history)")
        return report.unfinished.isEmpty ? 0 : 1
    }

    /// A new temporary keys folder for the demo's key pairs.
    static func temporaryKeysFolder() throws -> String {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("onething-demo-keys-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.path
    }

    /// A fresh `hub.sqlite` in a new temporary directory, kept after the run for hubctl.
    static func temporaryStorePath() throws -> String {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("onething-demo-" + String(Int(Date().timeIntervalSince1970)) + "-" + String(getpid()))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("hub.sqlite").path
    }
}

/// The demo's screen: the summary on stdout, a progress line on stderr that is redrawn
/// in place on a terminal and printed as plain lines otherwise.
final class DemoOutput: Sendable {
    let isTerminal = isatty(2) == 1
    /// Whether a progress line stands on the terminal, to be ended before the summary.
    private let drawn = Locked(false)

    func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func progress(_ text: String) {
        if isTerminal {
            drawn.withLock { $0 = true }
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    func endProgress() {
        if drawn.withLock({ $0 }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
