import OneThingExchange
import OneThingStore
import OneThingSupport

/// `hubctl cards`: open supervision cards (督办), per department and level, with where
/// each stands in its life (opened, acknowledged, rectified with a note). Cards close by
/// themselves when their matter is final or their rectification closed.
struct CardsCommand {
    let department: String?
    let level: String?

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let open = try session.read { reader in try reader.openCards(department: department, level: level) }
        return CommandOutput(text: { text(open, presentation) }, json: { json(open, presentation) })
    }

    static func stage(_ card: CardRecord) -> String {
        if card.rectifiedAt != nil { return "rectified" }
        if card.acknowledgedAt != nil { return "acknowledged" }
        return "opened"
    }

    /// Department -> level -> count, in listing order.
    static func counts(_ open: [OpenCard]) -> [(department: String, level: String, count: Int)] {
        var result: [(department: String, level: String, count: Int)] = []
        for item in open {
            if let last = result.last, last.department == item.card.department, last.level == item.card.level {
                result[result.count - 1].count += 1
            } else {
                result.append((item.card.department, item.card.level, 1))
            }
        }
        return result
    }

    private func text(_ open: [OpenCard], _ presentation: Presentation) -> String {
        guard !open.isEmpty else { return "No open cards.\n" }
        var summary = TextTable([.init("DEPARTMENT"), .init("LEVEL"), .init("OPEN", .right)])
        for row in Self.counts(open) { summary.append([row.department, row.level, "\(row.count)"]) }
        var table = TextTable([.init("DEPARTMENT"), .init("LEVEL"), .init("APPLICATION"), .init("SUBJECT"), .init("TO"),
                               .init("OPENED"), .init("STAGE"), .init("NOTE")])
        for item in open {
            let card = item.card
            table.append([card.department, card.level, item.applicationID, card.subject, card.recipient,
                          presentation.date(card.openedAt), Self.stage(card), card.note ?? "-"])
        }
        return summary.rendered() + "\n" + table.rendered() + "\n\(open.count) open card\(open.count == 1 ? "" : "s")\n"
    }

    private func json(_ open: [OpenCard], _ presentation: Presentation) -> JSONValue {
        Presentation.object([
            ("count", .int(Int64(open.count))),
            ("byDepartment", .array(Self.counts(open).map { row in
                Presentation.object([("department", .string(row.department)), ("level", .string(row.level)),
                                     ("open", .int(Int64(row.count)))])
            })),
            ("cards", .array(open.map { item in
                let card = item.card
                return Presentation.object([
                    ("id", .string(card.id)),
                    ("applicationId", .string(item.applicationID)),
                    ("department", .string(card.department)),
                    ("level", .string(card.level)),
                    ("subject", .string(card.subject)),
                    ("recipient", .string(card.recipient)),
                    ("stage", .string(Self.stage(card))),
                    ("openedAt", presentation.json(card.openedAt)),
                    ("acknowledgedAt", presentation.json(card.acknowledgedAt)),
                    ("rectifiedAt", presentation.json(card.rectifiedAt)),
                    ("note", Presentation.json(card.note)),
                ])
            })),
        ])
    }
}
