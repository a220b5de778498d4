import Foundation

/// Where and how a run was taken: printed above the tables and kept in the JSON, so a
/// figure is never read without its conditions.
struct BenchContext: Sendable, Codable, Equatable {
    var finishedAt: String
    var applications: Int
    var partitions: Int
    var window: Int
    var cores: Int
    var host: String
    /// The processor's model name (`/proc/cpuinfo`), where known.
    var processor: String?
    /// The 1- and 5-minute load averages when the run ended (`/proc/loadavg`): on a shared
    /// machine the figures mean little without them.
    var load: String?

    init(finishedAt: Date, options: BenchOptions, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
         host: String = ProcessInfo.processInfo.operatingSystemVersionString,
         processor: String? = BenchMachine.processor, load: String? = BenchMachine.load) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        self.finishedAt = formatter.string(from: finishedAt)
        applications = options.applications
        partitions = Int(options.partitions)
        window = options.window
        self.cores = cores
        self.host = host
        self.processor = processor
        self.load = load
    }

    var caption: String {
        "`onething-bench --applications \(applications)`, \(partitions) partitions per topic, window \(window), "
            + "\(cores) cores\(processor.map { " (\($0))" } ?? ""), \(Self.build), \(finishedAt), \(host)"
            + (load.map { ", load \($0) (1 and 5 min)" } ?? "") + "."
    }

    #if DEBUG
    static let build = "debug build (figures not comparable)"
    #else
    static let build = "release build"
    #endif
}
