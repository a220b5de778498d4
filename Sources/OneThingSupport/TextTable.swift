/// An aligned plain-text table for a person at a terminal: a header row in capitals,
/// then one row per item, columns separated by two spaces and sized by display width
/// (so `韦**` lines up with `M10`). No trailing spaces: the last column is not padded.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public let columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    /// Adds a row; missing cells are empty and extra cells are ignored, so a row can
    /// never shift the columns.
    public mutating func append(_ cells: [String]) {
        var row = Array(cells.prefix(columns.count))
        row.append(contentsOf: repeatElement("", count: columns.count - row.count))
        rows.append(row)
    }

    public var isEmpty: Bool { rows.isEmpty }

    /// The table as lines (header first), each without a line break.
    public func lines(indent: String = "") -> [String] {
        let all = [columns.map(\.title)] + rows
        // Each cell's width is measured once: long tables (an overdue list of thousands)
        // would otherwise measure every cell twice.
        let cellWidths = all.map { $0.map(DisplayWidth.of) }
        var widths = Array(repeating: 0, count: columns.count)
        for row in cellWidths {
            for (index, width) in row.enumerated() { widths[index] = max(widths[index], width) }
        }
        return zip(all, cellWidths).map { cells, cellWidth in
            var line = indent
            for (index, cell) in cells.enumerated() {
                if index > 0 { line += "  " }
                let padding = String(repeating: " ", count: widths[index] - cellWidth[index])
                switch columns[index].alignment {
                case .left: line += index == cells.count - 1 ? cell : cell + padding
                case .right: line += padding + cell
                }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The table as text ending in a line break.
    public func rendered(indent: String = "") -> String {
        lines(indent: indent).map { $0 + "\n" }.joined()
    }
}
