extension BenchReport {
    /// Every row as a Markdown table, with the notes below (`results.md`).
    func renderMarkdown(context: BenchContext) -> String {
        var lines = ["# onething-bench results", "", context.caption, ""]
        lines += Self.table(rows)
        if !notes.isEmpty { lines += [""] + notes.map { "- " + $0.trimmingCharacters(in: .whitespaces) } }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The short table recorded between the markers of the README and the article.
    func renderHeadline(context: BenchContext) -> String {
        ([context.caption, ""] + Self.table(headlineRows)).joined(separator: "\n")
    }

    private static func table(_ rows: [Row]) -> [String] {
        ["| figure | measured | target | ok |", "|---|---|---|---|"]
            + rows.map { "| \(cell($0.figure)) | \(cell($0.value)) | \(cell($0.target)) | \(mark($0.met)) |" }
    }

    private static func cell(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "|", with: "\\|")
    }
}
