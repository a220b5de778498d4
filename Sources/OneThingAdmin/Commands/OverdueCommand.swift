import OneThingExchange
import OneThingStore
import OneThingSupport

/// `hubctl overdue`: open matters past their deadline or at least `dueSoonFraction` of
/// the way to it, grouped by department for supervision (督办). A matter waiting for a
/// supplement has its clock stopped and is judged at the moment it stopped.
///
/// Then, without `--department`, open applications past their own overall deadline, in
/// a section of their own after the departments (the existing sections, columns and JSON
/// keys are unchanged; JSON gains `applications`). The application's deadline belongs to
/// no one department, so a department filter leaves the section (and the key) out.
struct OverdueCommand {
    let department: String?
    /// The flow's due-soon share (0.8 unless the catalogue says otherwise).
    let dueSoonFraction: Double

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let matters = try session.read { reader in
            try reader.deadlineMatters(now: presentation.now, dueSoonFraction: dueSoonFraction, department: department)
        }
        let applications = department != nil ? nil : try session.read { reader in
            try reader.overdueApplications(now: presentation.now)
        }
        let groups = Self.grouped(matters)
        return CommandOutput(text: { text(groups, applications ?? [], presentation) },
                             json: { json(groups, applications, presentation) })
    }

    /// By department (alphabetical), then deadline (earliest first).
    static func grouped(_ matters: [DeadlineMatter]) -> [(department: String, matters: [DeadlineMatter])] {
        Dictionary(grouping: matters, by: \.department)
            .map { ($0.key, $0.value.sorted { ($0.deadline, $0.applicationID, $0.matter) < ($1.deadline, $1.applicationID, $1.matter) }) }
            .sorted { $0.0 < $1.0 }
    }

    private func status(_ matter: DeadlineMatter, _ presentation: Presentation) -> String {
        var words = [matter.overdue ? "OVERDUE" : "due soon"]
        if matter.supplementSince != nil { words.append("clock paused") }
        if matter.stalled { words.append("stalled") }
        return words.joined(separator: ", ")
    }

    /// Share of the time limit used, at the instant the clock stands.
    private func used(_ matter: DeadlineMatter, _ presentation: Presentation) -> Double? {
        guard let sentAt = matter.sentAt, matter.limitSeconds > 0 else { return nil }
        let clock = matter.supplementSince.map { min($0, presentation.now) } ?? presentation.now
        return (clock.timeIntervalSince(sentAt) - matter.pausedSeconds) / matter.limitSeconds
    }

    private func text(_ groups: [(department: String, matters: [DeadlineMatter])], _ applications: [OverdueApplication],
                      _ presentation: Presentation) -> String {
        guard !groups.isEmpty || !applications.isEmpty else {
            return "No open matter is overdue or due soon" + (department.map { " in department \($0)" } ?? "") + ".\n"
        }
        var sections: [String] = []
        for group in groups {
            let overdue = group.matters.filter(\.overdue).count
            var table = TextTable([.init("APPLICATION"), .init("MATTER"), .init("STATE"), .init("SENT"),
                                   .init("DEADLINE"), .init("USED", .right), .init("WHEN"), .init("STATUS")])
            for matter in group.matters {
                let share = used(matter, presentation).map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
                table.append([matter.applicationID, matter.matter, matter.state.rawValue,
                              presentation.date(matter.sentAt), presentation.date(matter.deadline), share,
                              presentation.deadlineDistance(matter.deadline), status(matter, presentation)])
            }
            sections.append("\(group.department): \(overdue) overdue, \(group.matters.count - overdue) due soon\n"
                            + table.rendered(indent: "  "))
        }
        if !applications.isEmpty { sections.append(applicationsText(applications, presentation)) }
        return sections.joined(separator: "\n")
    }

    private func applicationsText(_ applications: [OverdueApplication], _ presentation: Presentation) -> String {
        var table = TextTable([.init("APPLICATION"), .init("STATE"), .init("ACCEPTED"), .init("DEADLINE"),
                               .init("WHEN"), .init("STATUS")])
        for application in applications {
            var words = ["OVERDUE"]
            if application.supplementSince != nil { words.append("clock paused") }
            table.append([application.applicationID, application.state.rawValue, presentation.date(application.acceptedAt),
                          presentation.date(application.deadline), presentation.deadlineDistance(application.deadline),
                          words.joined(separator: ", ")])
        }
        return "applications: \(applications.count) past the application deadline\n" + table.rendered(indent: "  ")
    }

    private func json(_ groups: [(department: String, matters: [DeadlineMatter])], _ applications: [OverdueApplication]?,
                      _ presentation: Presentation) -> JSONValue {
        let departments: [JSONValue] = groups.map { group in
            let matters: [JSONValue] = group.matters.map { matter in
                Presentation.object([
                    ("applicationId", .string(matter.applicationID)),
                    ("matter", .string(matter.matter)),
                    ("state", .string(matter.state.rawValue)),
                    ("sentAt", presentation.json(matter.sentAt)),
                    ("deadline", presentation.json(matter.deadline)),
                    ("limitSeconds", .double(matter.limitSeconds)),
                    ("usedFraction", Presentation.json(used(matter, presentation))),
                    ("overdue", .bool(matter.overdue)),
                    ("dueSoon", .bool(matter.dueSoon)),
                    ("clockPaused", .bool(matter.supplementSince != nil)),
                    ("stalled", .bool(matter.stalled)),
                ])
            }
            return Presentation.object([
                ("department", .string(group.department)),
                ("overdue", .int(Int64(group.matters.filter(\.overdue).count))),
                ("dueSoon", .int(Int64(group.matters.filter { !$0.overdue }.count))),
                ("matters", .array(matters)),
            ])
        }
        var fields: [(String, JSONValue)] = [
            ("now", presentation.json(presentation.now)),
            ("dueSoonFraction", .double(dueSoonFraction)),
            ("department", Presentation.json(department)),
            ("departments", .array(departments)),
        ]
        if let applications {
            fields.append(("applications", .array(applications.map { application in
                Presentation.object([
                    ("applicationId", .string(application.applicationID)),
                    ("state", .string(application.state.rawValue)),
                    ("acceptedAt", presentation.json(application.acceptedAt)),
                    ("deadline", presentation.json(application.deadline)),
                    ("clockPaused", .bool(application.supplementSince != nil)),
                    ("announced", .bool(application.notified)),
                ])
            })))
        }
        return Presentation.object(fields)
    }
}
