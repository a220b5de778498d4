import Foundation

/// The printed table: one row per figure, with its target and ✓/✗ where there is one.
struct BenchReport {
    struct Row {
        let figure: String
        let value: String
        let target: String
        let met: Bool?
    }

    var rows: [Row] = []
    var notes: [String] = []

    mutating func add(_ figure: String, _ value: String, target: String = "", met: Bool? = nil) {
        rows.append(Row(figure: figure, value: value, target: target, met: met))
    }

    func render() -> String {
        let headers = Row(figure: "figure", value: "measured", target: "target", met: nil)
        let all = [headers] + rows
        let figureWidth = all.map { $0.figure.count }.max() ?? 0
        let valueWidth = all.map { $0.value.count }.max() ?? 0
        let targetWidth = all.map { $0.target.count }.max() ?? 0
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines: [String] = []
        for (index, row) in all.enumerated() {
            let mark = index == 0 ? "ok" : (row.met.map { $0 ? "✓" : "✗" } ?? "")
            lines.append(pad(row.figure, figureWidth) + "  " + pad(row.value, valueWidth) + "  "
                         + pad(row.target, targetWidth) + "  " + mark)
            if index == 0 {
                lines.append(String(repeating: "-", count: figureWidth + valueWidth + targetWidth + 8))
            }
        }
        return (lines + (notes.isEmpty ? [] : [""] + notes)).joined(separator: "\n")
    }

    static func rate(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func mebibytes(_ bytes: Int?) -> String {
        guard let bytes else { return "n/a" }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%.1f", value)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
}
