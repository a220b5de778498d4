import OneThingExchange
import OneThingStore
import OneThingSupport

/// `hubctl list`: applications, most recently changed first, filtered by state and by
/// department (having a matter of it).
struct ListCommand {
    let state: ApplicationState?
    let department: String?
    let limit: Int

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let records = try session.read { reader in
            try reader.listApplications(state: state, department: department, limit: limit)
        }
        return CommandOutput(text: { text(records, presentation) }, json: { json(records, presentation) })
    }

    private func text(_ records: [ApplicationRecord], _ presentation: Presentation) -> String {
        guard !records.isEmpty else { return "No applications match.\n" }
        var table = TextTable([.init("APPLICATION"), .init("STATE"), .init("MATTERS"), .init("ACCEPTED"),
                               .init("DEADLINE"), .init("UPDATED"), .init("LAST EVENT")])
        for record in records {
            let finals = record.matters.filter(\.state.isFinal).count
            let lastEvent = record.lastEvent + (record.lastEventMatter.map { " \($0)" } ?? "")
            table.append([record.id, record.state.rawValue, "\(finals)/\(record.matters.count) final",
                          presentation.date(record.acceptedAt), presentation.date(record.deadline),
                          presentation.date(record.updatedAt), lastEvent])
        }
        let more = records.count == limit ? " (limit \(limit) reached; --limit N shows more)" : ""
        return table.rendered() + "\n\(records.count) application\(records.count == 1 ? "" : "s")\(more)\n"
    }

    private func json(_ records: [ApplicationRecord], _ presentation: Presentation) -> JSONValue {
        let applications: [JSONValue] = records.map { record in
            let matters: [JSONValue] = record.matters.map { matter in
                Presentation.object([("matter", .string(matter.code)), ("department", .string(matter.department)),
                                     ("state", .string(matter.state.rawValue))])
            }
            return .object(JSONObject(presentation.applicationSummary(record) + [("matters", .array(matters))]))
        }
        return Presentation.object([
            ("filters", Presentation.object([("state", Presentation.json(state?.rawValue)),
                                              ("department", Presentation.json(department)),
                                              ("limit", .int(Int64(limit)))])),
            ("count", .int(Int64(records.count))),
            ("applications", .array(applications)),
        ])
    }
}
