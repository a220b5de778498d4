extension BenchReport {
    /// The table printed on stdout: aligned columns, ✓/✗ where a row has a target.
    func renderText() -> String {
        let headers = Row(key: "", figure: "figure", value: "measured", number: nil, target: "target", met: nil, headline: false)
        let all = [headers] + rows
        let figureWidth = all.map { $0.figure.count }.max() ?? 0
        let valueWidth = all.map { $0.value.count }.max() ?? 0
        let targetWidth = all.map { $0.target.count }.max() ?? 0
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines: [String] = []
        for (index, row) in all.enumerated() {
            let mark = index == 0 ? "ok" : Self.mark(row.met)
            lines.append(pad(row.figure, figureWidth) + "  " + pad(row.value, valueWidth) + "  "
                         + pad(row.target, targetWidth) + "  " + mark)
            if index == 0 {
                lines.append(String(repeating: "-", count: figureWidth + valueWidth + targetWidth + 8))
            }
        }
        return (lines + (notes.isEmpty ? [] : [""] + notes)).joined(separator: "\n")
    }

    static func mark(_ met: Bool?) -> String { met.map { $0 ? "✓" : "✗" } ?? "" }
}
