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

    init(finishedAt: Date, options: BenchOptions, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
         host: String = ProcessInfo.processInfo.operatingSystemVersionString) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        self.finishedAt = formatter.string(from: finishedAt)
        applications = options.applications
        partitions = Int(options.partitions)
        window = options.window
        self.cores = cores
        self.host = host
    }

    var caption: String {
        "`onething-bench --applications \(applications)`, \(partitions) partitions per topic, window \(window), "
            + "\(cores) cores, \(Self.build), \(finishedAt) (\(host))."
    }

    #if DEBUG
    static let build = "debug build (figures not comparable)"
    #else
    static let build = "release build"
    #endif
}
