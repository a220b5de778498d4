import OneThingSupport

extension BenchReport {
    /// The table printed on stdout: aligned columns, ✓/✗ where a row has a target, a rule
    /// under the header, the notes below.
    func renderText() -> String {
        var table = TextTable([.init("figure"), .init("measured"), .init("target"), .init("ok")])
        for row in rows { table.append([row.figure, row.value, row.target, Self.mark(row.met)]) }
        var lines = table.lines()
        lines.insert(String(repeating: "-", count: lines.first.map(DisplayWidth.of) ?? 0), at: 1)
        return (lines + (notes.isEmpty ? [] : [""] + notes)).joined(separator: "\n")
    }

    static func mark(_ met: Bool?) -> String { met.map { $0 ? "✓" : "✗" } ?? "" }
}
