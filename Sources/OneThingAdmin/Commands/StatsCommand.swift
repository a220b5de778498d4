import Foundation
import OneThingExchange
import OneThingStore
import OneThingSupport

/// `hubctl stats`: the figures the reform is judged by: per department and
/// matter the count, approval rate, time from sent to result and overdue count; end to
/// end per application, finished within or beyond its committed deadline.
///
/// Approval rate is approved / (approved + rejected): cancelled and open matters were
/// never decided by the department. Times are wall-clock (supplement pauses included),
/// summarised by nearest rank (`DurationSummary`).
struct StatsCommand {
    /// `--by`: the reform's figures per month, quarter, region or channel as well.
    var grouping: StatsGrouping?
    /// For official matter names, the commitment and the working-day calendar; the
    /// figures are still given without it (weekday rule, no names, no baseline).
    var catalogue: Catalogue?

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let levels = catalogue?.flows.first?.promises?.evaluations.levels ?? []
        let (matters, endToEnd, facts, satisfaction) = try session.read { reader in
            (try reader.matterStatistics(now: presentation.now), try reader.endToEndStatistics(now: presentation.now),
             try reader.applicationFacts(), try SatisfactionSection.read(reader, levels: levels))
        }
        let rows = Self.rows(matters.matters, totals: matters.departments)
        let baseline = ReformBaseline(catalogue: catalogue)
        let reform = ReformFigures.compute(facts, calendar: baseline.calendar, by: grouping)
        return CommandOutput(text: { text(rows, endToEnd) + reformText(reform, baseline) + namesText(rows) + satisfaction.text },
                             json: { Self.adding(satisfaction,
                                                 to: json(rows, endToEnd, presentation, reform: reformJSON(reform, baseline))) })
    }

    /// The stats' JSON with the `satisfaction` rows added at the end.
    private static func adding(_ satisfaction: SatisfactionSection, to json: JSONValue) -> JSONValue {
        guard var object = json.objectValue else { return json }
        object["satisfaction"] = satisfaction.json
        return .object(object)
    }

    /// Each department's matters, followed by the department's total (`matter` nil) when
    /// it has several.
    static func rows(_ figures: [MatterStatistics], totals: [MatterStatistics]) -> [MatterStatistics] {
        let departments = Dictionary(grouping: figures, by: \.department).sorted { $0.key < $1.key }
        let totals = Dictionary(totals.map { ($0.department, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [MatterStatistics] = []
        for (department, matters) in departments {
            let sorted = matters.sorted { ($0.matter ?? "") < ($1.matter ?? "") }
            rows += sorted
            if sorted.count > 1, let total = totals[department] { rows.append(total) }
        }
        return rows
    }

    /// Approved / (approved + rejected); nil before any decision.
    static func approvalRate(_ row: MatterStatistics) -> Double? {
        let decided = row.approved + row.rejected
        return decided == 0 ? nil : Double(row.approved) / Double(decided)
    }

    private static func percent(_ rate: Double?) -> String {
        guard let rate else { return "-" }
        let tenths = Int((rate * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    private func text(_ rows: [MatterStatistics], _ endToEnd: EndToEndStatistics) -> String {
        var table = TextTable([.init("DEPARTMENT"), .init("MATTER"), .init("COUNT", .right), .init("APPROVED", .right),
                               .init("REJECTED", .right), .init("CANCELLED", .right), .init("OPEN", .right),
                               .init("APPROVAL", .right), .init("MEDIAN", .right), .init("P90", .right),
                               .init("MAX", .right), .init("OVERDUE", .right)])
        for row in rows {
            let elapsed = row.elapsed
            table.append([row.department, row.matter ?? "(all)", "\(row.count)", "\(row.approved)",
                          "\(row.rejected)", "\(row.cancelled)", "\(row.open)",
                          Self.percent(Self.approvalRate(row)),
                          elapsed.map { DurationText.format(seconds: $0.median) } ?? "-",
                          elapsed.map { DurationText.format(seconds: $0.p90) } ?? "-",
                          elapsed.map { DurationText.format(seconds: $0.max) } ?? "-",
                          "\(row.overdue)"])
        }
        var text = "Matters (time from sent to result)\n"
        text += rows.isEmpty ? "  none yet\n" : table.rendered(indent: "  ")
        let commitment = endToEnd.commitment.map { DurationText.format(seconds: $0.median) } ?? "-"
        text += "\nEnd to end (acceptance to the last matter's result; commitment \(commitment))\n"
        var summary = TextTable([.init("ACCEPTED", .right), .init("FINISHED", .right), .init("WITHIN", .right),
                                 .init("BEYOND", .right), .init("OPEN", .right), .init("OPEN LATE", .right),
                                 .init("MEDIAN", .right), .init("P90", .right), .init("MAX", .right)])
        let elapsed = endToEnd.elapsed
        summary.append(["\(endToEnd.accepted)", "\(endToEnd.finished)", "\(endToEnd.withinDeadline)", "\(endToEnd.beyondDeadline)",
                        "\(endToEnd.open)", "\(endToEnd.openPastDeadline)",
                        elapsed.map { DurationText.format(seconds: $0.median) } ?? "-",
                        elapsed.map { DurationText.format(seconds: $0.p90) } ?? "-",
                        elapsed.map { DurationText.format(seconds: $0.max) } ?? "-"])
        return text + summary.rendered(indent: "  ")
    }

    private static func summaryJSON(_ summary: DurationSummary?) -> JSONValue {
        guard let summary else { return .null }
        return Presentation.object([("count", .int(Int64(summary.count))), ("medianSeconds", .double(summary.median)),
                                    ("p90Seconds", .double(summary.p90)), ("maxSeconds", .double(summary.max))])
    }

    private func json(_ rows: [MatterStatistics], _ endToEnd: EndToEndStatistics, _ presentation: Presentation,
                      reform: JSONValue) -> JSONValue {
        let matters: [JSONValue] = rows.filter { $0.matter != nil }.map { withOfficialName(Self.rowJSON($0)) }
        // A department's total row, or its only matter's row (the same figures).
        let departments: [JSONValue] = Dictionary(grouping: rows, by: \.department).sorted { $0.key < $1.key }.map { _, group in
            Self.rowJSON(group.first { $0.matter == nil } ?? group[0], asDepartment: true)
        }
        return Presentation.object([
            ("now", presentation.json(presentation.now)),
            ("departments", .array(departments)),
            ("matters", .array(matters)),
            ("endToEnd", Presentation.object([
                ("accepted", .int(Int64(endToEnd.accepted))),
                ("finished", .int(Int64(endToEnd.finished))),
                ("withinDeadline", .int(Int64(endToEnd.withinDeadline))),
                ("beyondDeadline", .int(Int64(endToEnd.beyondDeadline))),
                ("open", .int(Int64(endToEnd.open))),
                ("openPastDeadline", .int(Int64(endToEnd.openPastDeadline))),
                ("elapsed", Self.summaryJSON(endToEnd.elapsed)),
                ("commitmentSeconds", Presentation.json(endToEnd.commitment?.median)),
            ])),
            ("reform", reform),
        ])
    }

    private static func rowJSON(_ row: MatterStatistics, asDepartment: Bool = false) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("department", .string(row.department))]
        if !asDepartment, let matter = row.matter { pairs.append(("matter", .string(matter))) }
        pairs += [
            ("count", .int(Int64(row.count))), ("approved", .int(Int64(row.approved))),
            ("rejected", .int(Int64(row.rejected))), ("cancelled", .int(Int64(row.cancelled))),
            ("open", .int(Int64(row.open))), ("approvalRate", Presentation.json(approvalRate(row))),
            ("elapsed", summaryJSON(row.elapsed)), ("overdue", .int(Int64(row.overdue))),
        ]
        return .object(JSONObject(pairs))
    }
}
