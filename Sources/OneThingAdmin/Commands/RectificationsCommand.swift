import OneThingExchange
import OneThingStore
import OneThingSupport

/// `hubctl rectifications`: the rectifications (整改) bad evaluations opened and their
/// departments have not closed yet, earliest deadline first, for supervision.
struct RectificationsCommand {
    let department: String?

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let open = try session.read { reader in try reader.openRectifications(department: department) }
        return CommandOutput(text: { text(open, presentation) }, json: { json(open, presentation) })
    }

    private func text(_ open: [OpenRectification], _ presentation: Presentation) -> String {
        guard !open.isEmpty else { return "No open rectifications\(department.map { " for \($0)" } ?? "").\n" }
        var table = TextTable([.init("DEPARTMENT"), .init("APPLICATION"), .init("TARGET"), .init("LEVEL"), .init("OPENED"),
                               .init("DEADLINE"), .init("STATUS"), .init("COMMENT")])
        for item in open {
            let rectification = item.rectification
            table.append([rectification.department, item.applicationID, rectification.matter ?? "application",
                          rectification.level, presentation.date(rectification.openedAt), presentation.date(rectification.deadline),
                          rectification.deadline <= presentation.now ? "OVERDUE" : presentation.deadlineDistance(rectification.deadline),
                          rectification.comment ?? "-"])
        }
        return table.rendered() + "\n\(open.count) open rectification\(open.count == 1 ? "" : "s")\n"
    }

    private func json(_ open: [OpenRectification], _ presentation: Presentation) -> JSONValue {
        Presentation.object([
            ("count", .int(Int64(open.count))),
            ("rectifications", .array(open.map { item in
                let rectification = item.rectification
                return Presentation.object([
                    ("id", .string(rectification.id)),
                    ("applicationId", .string(item.applicationID)),
                    ("department", .string(rectification.department)),
                    ("matter", Presentation.json(rectification.matter)),
                    ("channel", .string(rectification.channel)),
                    ("level", .string(rectification.level)),
                    ("comment", Presentation.json(rectification.comment)),
                    ("openedAt", presentation.json(rectification.openedAt)),
                    ("deadline", presentation.json(rectification.deadline)),
                    ("overdue", .bool(rectification.deadline <= presentation.now)),
                ])
            })),
        ])
    }
}
