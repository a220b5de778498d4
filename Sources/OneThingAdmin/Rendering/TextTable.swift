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
        var widths = columns.map { DisplayWidth.of($0.title) }
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        let header = columns.map(\.title)
        return ([header] + rows).map { cells in
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                switch columns[index].alignment {
                case .left: parts.append(isLast ? cell : DisplayWidth.padded(cell, to: widths[index]))
                case .right: parts.append(DisplayWidth.leftPadded(cell, to: widths[index]))
                }
            }
            var line = indent + parts.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The table as text ending in a line break.
    public func rendered(indent: String = "") -> String {
        lines(indent: indent).map { $0 + "\n" }.joined()
    }
}
