import OneThingExchange
import OneThingStore
import OneThingSupport

/// The text form of `hubctl show`: summary, matters, outputs, pending orders, the
/// matter graph, the promises (evaluations, rectifications, cards, notices), the
/// (masked) application document and, on request, the history.
struct ShowText {
    let view: ApplicationView
    let presentation: Presentation
    let history: Bool
    let reveal: Bool

    func render() -> String {
        var sections = [summary(), matters()]
        if let outputs = outputs() { sections.append(outputs) }
        if let orders = pendingOrders() { sections.append(orders) }
        if !record.matters.isEmpty { sections.append(graph()) }
        sections += PromisesSection(promises: record.promises, policy: view.flow?.promises, presentation: presentation).text()
        sections.append(document())
        if history { sections.append(historyTable()) }
        return sections.joined(separator: "\n")
    }

    private var record: ApplicationRecord { view.detail.record }

    private func summary() -> String {
        var table = TextTable([.init(""), .init("")])
        table.append(["state", record.state.rawValue])
        table.append(["outcome", record.outcome?.rawValue ?? "-"])
        table.append(["accepted", presentation.date(record.acceptedAt)])
        let open = record.outcome == nil && record.state != .invalid
        table.append(["deadline", presentation.date(record.deadline)
                      + (open && record.deadline != nil ? "  (\(presentation.deadlineDistance(record.deadline)))" : "")])
        table.append(["updated", presentation.date(record.updatedAt)])
        table.append(["last event", record.lastEvent + (record.lastEventMatter.map { " \($0)" } ?? "")])
        for item in record.notApplicable {
            table.append(["not applicable", "\(item.matter): \(item.reason)"])
        }
        for issue in record.errors {
            table.append(["error", "\(issue.field) [\(issue.code)] \(issue.message)"])
        }
        let header = "Application \(record.id) (flow \(record.flow))\n"
        return header + table.lines(indent: "  ").dropFirst().map { $0 + "\n" }.joined()
    }

    private func matters() -> String {
        guard !record.matters.isEmpty else { return "Matters: none\n" }
        var table = TextTable([.init("MATTER"), .init("DEPARTMENT"), .init("STATE"), .init("REV", .right),
                               .init("DEADLINE"), .init("SENT"), .init("RECEIVED"), .init("FINAL"), .init("REASON")])
        for matter in record.matters {
            var state = matter.state.rawValue
            switch MatterClock.standing(of: matter, now: presentation.now, dueSoonFraction: view.dueSoonFraction) {
            case .overdue: state += " (OVERDUE)"
            case .dueSoon: state += " (due soon)"
            case .onTime, nil: break
            }
            if matter.stalled { state += " (stalled)" }
            if matter.resends > 0 { state += " (resent \(matter.resends)x)" }
            table.append([matter.code, matter.department, state, "\(matter.revision)",
                          presentation.date(matter.deadline), presentation.date(matter.sentAt),
                          presentation.date(matter.receivedAt), presentation.date(matter.finalAt),
                          matter.reason ?? ""])
        }
        return "Matters\n" + table.rendered(indent: "  ")
    }

    private func outputs() -> String? {
        let withOutputs = record.matters.filter { !$0.outputs.isEmpty }
        guard !withOutputs.isEmpty else { return nil }
        var table = TextTable([.init("MATTER"), .init("OUTPUTS")])
        for matter in withOutputs {
            table.append([matter.code, presentation.outputsText(matter.outputs)])
        }
        return "Outputs\n" + table.rendered(indent: "  ")
    }

    private func pendingOrders() -> String? {
        let pending = view.detail.orders.filter(\.isPending)
        guard !pending.isEmpty else { return nil }
        var table = TextTable([.init("ORDER", .right), .init("WHAT"), .init("BY"), .init("REQUESTED")])
        for order in pending {
            table.append(["\(order.id)", Presentation.orderText(order), order.requestedBy,
                          presentation.date(order.requestedAt)])
        }
        return "Pending orders (hubd carries them out)\n" + table.rendered(indent: "  ")
    }

    private func graph() -> String {
        let states = Dictionary(record.matters.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let roots = view.graph.branches().map { branch in
            branch.treeNode { code in
                guard let matter = states[code] else { return code }
                var label = code
                if let title = view.title(of: code) { label += " " + title }
                label += " [\(matter.department)] \(matter.state.rawValue)"
                if let node = view.graph.node(code), node.prerequisites.count > 1 {
                    var needs: [String] = []
                    if !node.requires.isEmpty { needs.append("requires " + node.requires.joined(separator: ", ")) }
                    if !node.after.isEmpty { needs.append("after " + node.after.joined(separator: ", ")) }
                    label += "  (" + needs.joined(separator: "; ") + ")"
                }
                return label
            }
        }
        let heading = view.graph.hasEdges ? "Matter graph\n"
            : "Matter graph (catalogue order, dependencies not drawn: \(view.catalogueNote ?? "no catalogue"))\n"
        return heading + TreeText.lines(roots, indent: "  ").map { $0 + "\n" }.joined()
    }

    private func document() -> String {
        let lines = record.document.isNull ? [] : Presentation.flattened(presentation.redactor.redact(record.document))
        let heading = reveal ? "Application document (UNMASKED; this showing is recorded)\n"
            : "Application document (personal data masked; --reveal shows it)\n"
        guard !lines.isEmpty else { return heading + "  (none)\n" }
        var table = TextTable([.init(""), .init("")])
        for line in lines { table.append([line.path, line.value]) }
        return heading + table.lines(indent: "  ").dropFirst().map { $0 + "\n" }.joined()
    }

    private func historyTable() -> String {
        var table = TextTable([.init("TIME"), .init("KIND"), .init("MATTER"), .init("DETAIL")])
        for entry in view.detail.history {
            table.append([presentation.date(entry.at), entry.kind, entry.matter ?? "", entry.detail])
        }
        return "History\n" + table.rendered(indent: "  ")
    }
}
