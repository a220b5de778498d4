import OneThingExchange
import OneThingStore
import OneThingSupport

/// The 好差评 part of `hubctl stats`: per department and target (a matter, or the
/// application as a whole) the number of evaluations, the count per level, the average
/// score (5 best) and the 差评 (levels that open a rectification), then the department's
/// total. Levels come from the catalogue; without one, scores are shown without names.
struct SatisfactionSection {
    let rows: [SatisfactionStatistics]
    let levels: [SatisfactionLevel]

    static func read(_ reader: StoreReader, levels: [SatisfactionLevel]) throws(StoreError) -> SatisfactionSection {
        let bad = Set(levels.filter(\.opensRectification).map(\.code))
        return SatisfactionSection(rows: try reader.satisfactionStatistics(badLevels: bad), levels: levels)
    }

    /// Best first: the catalogue's levels, or the five scores.
    private var scores: [(score: Int, title: String)] {
        levels.isEmpty ? (1...5).reversed().map { ($0, "SCORE \($0)") } : levels.map { ($0.score, $0.name) }
    }

    var text: String {
        let text = "\nSatisfaction (好差评: evaluations of final applications and matters)\n"
        guard !rows.isEmpty else { return text + "  none yet\n" }
        var columns: [TextTable.Column] = [.init("DEPARTMENT"), .init("TARGET"), .init("COUNT", .right)]
        columns += scores.map { TextTable.Column($0.title, .right) }
        columns += [.init("AVERAGE", .right), .init("差评", .right)]
        var table = TextTable(columns)
        for row in rows {
            var cells = [row.department, row.target ?? "(all)", "\(row.count)"]
            cells += scores.map { "\(row.byScore[$0.score] ?? 0)" }
            cells += [row.averageScore.map(Self.twoDecimals) ?? "-", levels.isEmpty ? "-" : "\(row.bad)"]
            table.append(cells)
        }
        return text + table.rendered(indent: "  ")
    }

    var json: JSONValue {
        .array(rows.map { row in
            Presentation.object([
                ("department", .string(row.department)),
                ("target", row.target.map { .string($0) } ?? .null),
                ("count", .int(Int64(row.count))),
                ("byScore", .object(JSONObject((1...5).reversed().map { (String($0), .int(Int64(row.byScore[$0] ?? 0))) }))),
                ("averageScore", Presentation.json(row.averageScore)),
                ("bad", levels.isEmpty ? .null : .int(Int64(row.bad))),
            ])
        })
    }

    private static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
