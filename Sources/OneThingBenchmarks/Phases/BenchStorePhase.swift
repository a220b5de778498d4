import Foundation
import OneThingExchange
import OneThingHub

/// The memory-and-resume phase runs in a child process (`onething-bench --store-phase PATH`),
/// so its peak resident memory is its own and not the high-water mark of the parent's
/// earlier phases: a fresh mock cluster, the departments, the status reader and the hub
/// on a store already holding many applications, with a batch of new ones through it.
enum BenchStorePhase {
    /// In the child: run and print one marked JSON line on stdout.
    static func runChild(options: BenchOptions, path: String) async throws {
        let catalogue = try HubCatalogue.load(directory: options.catalogueDirectory)
        let flow = try HubCatalogue.servedFlow(of: catalogue)
        let applications = BenchWorkload.make(flow: flow, count: options.applications, prefix: "BS", seed: 3, withPlans: false)
        let before = BenchMemory.resident ?? 0
        let figures = try await BenchHubRun(flow: flow, warmUp: BenchWorkload.warmUp(flow: flow, prefix: "BS"),
                                            applications: applications, pacing: .window(options.window), storePath: path,
                                            partitions: options.partitions, timeScale: options.timeScale,
                                            hubKafkaProperties: options.hubKafkaProperties, recording: false, batchSize: options.hubBatchSize,
                                            keepsStateInKafka: !options.withoutStateTopic,
                                            keepsEvidence: !options.withoutEvidence).run()
        let result = BenchStorePhaseResult(completed: figures.completed, applicationsPerSecond: figures.applicationsPerSecond,
                                           initSeconds: figures.initSeconds, firstStatusSeconds: figures.firstStatusSeconds,
                                           residentBefore: before, peakResident: BenchMemory.peakResident ?? 0,
                                           problems: figures.problems)
        let encoded = try JSONEncoder().encode(result)
        print(BenchStorePhaseResult.marker + String(decoding: encoded, as: UTF8.self))
    }

    /// In the parent: run this executable as the child and read its line.
    static func spawn(options: BenchOptions, path: String, applications: Int) throws -> BenchStorePhaseResult {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = ["--store-phase", path, "--applications", String(applications),
                         "--partitions", String(options.partitions), "--window", String(options.window),
                         "--time-scale", String(options.timeScale)]
        if let catalogue = options.catalogueDirectory { arguments += ["--catalogue", catalogue] }
        if let batchSize = options.hubBatchSize { arguments += ["--hub-batch-size", String(batchSize)] }
        for (key, value) in options.hubKafkaProperties.sorted(by: { $0.key < $1.key }) {
            arguments += ["--hub-kafka-property", key + "=" + value]
        }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(BenchStorePhaseResult.marker) }) else {
            throw BenchFailure("the store phase on \(path) failed (exit \(process.terminationStatus)): \(text.suffix(500))")
        }
        return try JSONDecoder().decode(BenchStorePhaseResult.self,
                                        from: Data(line.dropFirst(BenchStorePhaseResult.marker.count).utf8))
    }
}
