import Foundation
import OneThingExchange
import OneThingStore
import OneThingSupport

/// The reform's own figures in `hubctl stats` (当日办结, within the commitment, average
/// working days against the commitment and the limit before the reform), and the
/// matters' official names, which reports to other systems carry.
extension StatsCommand {
    func reformText(_ reform: (overall: ReformFigures, groups: [ReformFigures]), _ baseline: ReformBaseline) -> String {
        var text = "\nThe reform's figures (acceptance to final result, in working days"
        if let commitment = baseline.commitment { text += "; commitment \(commitment.words)" }
        if let before = baseline.beforeReform { text += "; before the reform \(before.words)" }
        text += ")\n"
        var columns: [TextTable.Column] = grouping.map { [.init($0.heading)] } ?? []
        columns += [.init("ACCEPTED", .right), .init("FINISHED", .right), .init("SAME DAY", .right),
                    .init("WITHIN", .right), .init("AVG WD", .right)]
        if baseline.commitment?.workingDayCount != nil { columns.append(.init("OF COMMITMENT", .right)) }
        if baseline.beforeReform?.workingDayCount != nil { columns.append(.init("OF BEFORE", .right)) }
        var table = TextTable(columns)
        for figures in reform.groups + (grouping == nil ? [reform.overall] : [withKey(reform.overall, "(all)")]) {
            var cells: [String] = grouping == nil ? [] : [figures.key ?? ""]
            cells += ["\(figures.accepted)", "\(figures.finished)",
                      "\(figures.sameDay)" + (figures.sameDayShare.map { " (\(Self.percentText($0)))" } ?? ""),
                      "\(figures.withinCommitment)", figures.averageWorkingDays.map { Self.decimal($0) } ?? "-"]
            for limit in [baseline.commitment, baseline.beforeReform] {
                guard let count = limit?.workingDayCount else { continue }
                cells.append(figures.averageWorkingDays.map { Self.percentText($0 / Double(count)) } ?? "-")
            }
            table.append(cells)
        }
        return text + table.rendered(indent: "  ")
    }

    func reformJSON(_ reform: (overall: ReformFigures, groups: [ReformFigures]), _ baseline: ReformBaseline) -> JSONValue {
        func figures(_ figures: ReformFigures) -> JSONValue {
            var pairs: [(String, JSONValue)] = []
            if let key = figures.key { pairs.append(("key", .string(key))) }
            pairs += [
                ("accepted", .int(Int64(figures.accepted))), ("finished", .int(Int64(figures.finished))),
                ("finishedSameDay", .int(Int64(figures.sameDay))), ("withinCommitment", .int(Int64(figures.withinCommitment))),
                ("averageWorkingDays", Presentation.json(figures.averageWorkingDays)),
            ]
            return Presentation.object(pairs)
        }
        func limit(_ limit: TimeLimit?) -> JSONValue {
            guard let limit else { return .null }
            return Presentation.object([("limit", .string(limit.description)), ("words", .string(limit.words)),
                                        ("workingDays", limit.workingDayCount.map { .int(Int64($0)) } ?? .null)])
        }
        return Presentation.object([
            ("commitment", limit(baseline.commitment)),
            ("beforeReform", limit(baseline.beforeReform)),
            ("calendarYears", baseline.calendar.years.map { .string("\($0.lowerBound)-\($0.upperBound)") } ?? .null),
            ("overall", figures(reform.overall)),
            ("by", grouping.map { .string($0.rawValue) } ?? .null),
            ("groups", .array(reform.groups.map(figures))),
        ])
    }

    /// The official names of the matters listed, for reports (the table shows codes).
    func namesText(_ rows: [MatterStatistics]) -> String {
        let codes = Set(rows.compactMap(\.matter))
        let named = (catalogue?.flows ?? []).flatMap(\.matters).filter { codes.contains($0.code) }
        guard !named.isEmpty else { return "" }
        var seen = Set<String>()
        var lines = "\nMatters (official names)\n"
        for matter in named.sorted(by: { $0.code < $1.code }) where seen.insert(matter.code).inserted {
            lines += "  \(matter.code)  \(matter.officialName)\n"
        }
        return lines
    }

    /// A matter row with the matter's official name and display title from the catalogue.
    func withOfficialName(_ row: JSONValue) -> JSONValue {
        guard case .object(var object) = row, let code = object["matter"]?.stringValue,
              let matter = catalogue?.flows.lazy.compactMap({ $0.matter(code) }).first else { return row }
        object["officialName"] = .string(matter.officialName)
        object["title"] = .string(matter.title)
        return .object(object)
    }

    private func withKey(_ figures: ReformFigures, _ key: String) -> ReformFigures {
        var copy = figures
        copy.key = key
        return copy
    }

    static func percentText(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
