/// The exit status: whether every stated target was met is the run's answer, so scripts
/// (and CI) can act on it without reading the table.
enum BenchExitStatus {
    static let success: Int32 = 0
    /// A row's stated target was missed.
    static let targetMissed: Int32 = 1
    /// The command line was wrong.
    static let usage: Int32 = 2
    /// The benchmark could not run (catalogue, mock cluster, a phase that failed).
    static let couldNotRun: Int32 = 3

    /// `targetMissed` when a row missed its target, after naming each one to `complain`.
    static func of(_ report: BenchReport, complain: (String) -> Void) -> Int32 {
        let missed = report.missedTargets
        guard !missed.isEmpty else { return success }
        complain("onething-bench: \(missed.count) target\(missed.count == 1 ? "" : "s") missed: "
                 + missed.map { "\($0.figure.trimmingCharacters(in: .whitespaces)) = \($0.value) (target \($0.target))" }
                     .joined(separator: "; "))
        return targetMissed
    }
}
