import Foundation

/// Where a finished run's results go: the table (or JSON) on stdout, `results.json` and
/// `results.md` in the output directory, and the short table into every `--record` file.
struct BenchPublication {
    let report: BenchReport
    let context: BenchContext
    let options: BenchOptions

    func publish() throws {
        let results = try BenchResults(report: report, context: context).json()
        print(options.json ? results : report.renderText())
        let directory = URL(fileURLWithPath: options.outputDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data((results + "\n").utf8).write(to: directory.appendingPathComponent("results.json"), options: .atomic)
        try Data(report.renderMarkdown(context: context).utf8).write(to: directory.appendingPathComponent("results.md"),
                                                                     options: .atomic)
        let headline = report.renderHeadline(context: context)
        for path in options.recordInto {
            let document = try String(contentsOfFile: path, encoding: .utf8)
            let recorded: String
            do {
                recorded = try MarkedSection.replacing(in: document, with: headline)
            } catch {
                throw BenchFailure("--record \(path): \(error)")
            }
            try Data(recorded.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }
}
