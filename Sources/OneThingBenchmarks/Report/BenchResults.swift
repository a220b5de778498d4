import Foundation

/// The run as JSON (`--json` on stdout, and `results.json`): the context, every row, the
/// notes and the names of the missed targets.
struct BenchResults: Sendable, Codable, Equatable {
    var tool = "onething-bench"
    var context: BenchContext
    var rows: [BenchReport.Row]
    var notes: [String]
    var missedTargets: [String]

    init(report: BenchReport, context: BenchContext) {
        self.context = context
        rows = report.rows
        notes = report.notes
        missedTargets = report.missedTargets.map(\.key)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
