import Foundation

/// Throughput with several `hubd` instances in one consumer group (`BenchHubRun` with
/// `instances`), each with its own store and static member id: the same applications
/// through 1, 2, 3... instances, one count after the other in the order asked (repeat a
/// count to measure it alternately with the others on a noisy machine).
///
/// Every instance runs in this one process, with the departments, the status reader and
/// the mock cluster: the figure says how the hub's work spreads over the cores this
/// machine has, not what separate machines would give.
struct BenchScaleOut {
    struct Run: Sendable {
        var instances: Int
        var applicationsPerSecond: Double
        var completed: Int
        var problems: [String]
    }

    /// Mean applications/s per instance count, with each run's figure, in order of count.
    static func summary(_ runs: [Run]) -> [(instances: Int, mean: Double, each: [Double])] {
        Dictionary(grouping: runs, by: \.instances).sorted { $0.key < $1.key }.map { count, runs in
            let rates = runs.map(\.applicationsPerSecond)
            return (count, rates.reduce(0, +) / Double(max(1, rates.count)), rates)
        }
    }
}

extension BenchFindings {
    static func addScaleOutRows(_ runs: [BenchScaleOut.Run], applications: Int, partitions: Int32,
                                to report: inout BenchReport) {
        let summary = BenchScaleOut.summary(runs)
        let single = summary.first { $0.instances == 1 }?.mean
        for entry in summary {
            let each = entry.each.map { String(format: "%.0f", $0) }.joined(separator: ", ")
            var target = "\(applications) applications, \(partitions) partitions; runs: \(each)"
            if let single, single > 0, entry.instances > 1 {
                target += String(format: "; %.2f × one instance", entry.mean / single)
            }
            report.add("scaleOut.instances\(entry.instances)", "hub with \(entry.instances) instance\(entry.instances == 1 ? "" : "s"): applications/s",
                       BenchFormat.rate(entry.mean), number: entry.mean, target: target, headline: entry.instances > 1)
        }
    }
}
