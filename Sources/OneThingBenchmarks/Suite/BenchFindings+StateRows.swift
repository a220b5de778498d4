import Foundation

extension BenchFindings {
    /// What keeping the state in Kafka costs (the hub phase with and without the state
    /// topic, one after the other in this sitting) and how fast a partition is restored
    /// from it.
    func addStateTopicRows(to report: inout BenchReport) {
        if let without = withoutStateTopic, without.applicationsPerSecond > 0 {
            let cost = (1 - hub.applicationsPerSecond / without.applicationsPerSecond) * 100
            report.add("state.hubWithoutStateTopic", "hub without the state topic: applications/s",
                       BenchFormat.rate(without.applicationsPerSecond), number: without.applicationsPerSecond,
                       target: "the hub phase again, right after it, no state records")
            report.add("state.topicCostPercent", "state topic cost (applications/s)", String(format: "%.0f %%", cost),
                       number: cost, target: "<= 33 %", met: cost <= 100.0 / 3, headline: true)
        }
        if let restore { Self.addRestoreRows(restore, to: &report) }
    }

    static func addRestoreRows(_ restore: BenchRestorePhase.Figures, to report: inout BenchReport) {
        report.add("restore.applicationsPerSecond", "restore from the state topic: applications/s",
                   BenchFormat.rate(restore.applicationsPerSecond), number: restore.applicationsPerSecond,
                   target: ">= 20000", met: restore.applicationsPerSecond >= 20_000, headline: true)
        report.add("restore.seconds", "  restore of \(restore.applications) into an empty store",
                   BenchFormat.seconds(restore.restoreSeconds), number: restore.restoreSeconds,
                   target: String(format: "%d B records, %d partitions; %.0f µs CPU per application (whole process)",
                                  restore.recordBytes, restore.partitions,
                                  restore.microsecondsPerApplication(restore.restoreCPUSeconds)))
        report.add("restore.walPages", "  of which: WAL pages written per application",
                   String(format: "%.1f", Double(restore.writes.pagesWritten) / Double(max(1, restore.applications))),
                   number: Double(restore.writes.pagesWritten) / Double(max(1, restore.applications)),
                   target: String(format: "%d transactions of %.0f pages (4 KiB each); rows of ~%d B per application",
                                  restore.writes.transactions,
                                  Double(restore.writes.pagesWritten) / Double(max(1, restore.writes.transactions)),
                                  restore.storeBytes / max(1, restore.applications)))
        report.add("restore.readMicroseconds", "  of which: reading alone (µs per application)",
                   String(format: "%.0f", restore.microsecondsPerApplication(restore.readOnlySeconds)),
                   number: restore.microsecondsPerApplication(restore.readOnlySeconds),
                   target: "the same partitions read again, nothing parsed or written")
        report.add("restore.parseMicroseconds", "  of which: parsing alone (µs per application)",
                   String(format: "%.0f", restore.microsecondsPerApplication(restore.parseOnlySeconds)),
                   number: restore.microsecondsPerApplication(restore.parseOnlySeconds),
                   target: "one thread; the restore parses on the reader's thread while another writes")
    }
}
