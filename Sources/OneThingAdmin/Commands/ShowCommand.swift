import Foundation
import OneThingEvidence
import OneThingExchange
import OneThingStore

/// `hubctl show`: one application in full. With `--reveal` personal data is shown and
/// the showing is recorded in the application's history with the operator, the reason
/// and the account that ran hubctl, and in the evidence log (the SM3 digest of that
/// history entry, signed by nobody but chained with everything else), *before* anything
/// is printed, so no unmasked output escapes unrecorded.
struct ShowCommand {
    let applicationID: String
    let history: Bool
    let revealRequest: RevealRequest?
    /// The account hubctl runs under (`USER`, ...), recorded beside the named operator.
    let account: String
    /// The catalogue, or why there is none (the graph is then drawn flat).
    let catalogue: Result<Catalogue, CatalogueUnavailable>

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let detail: ApplicationDetail
        if let revealRequest {
            // One write transaction: the showing is recorded exactly when there is
            // something to show, and the history printed includes this very reveal.
            detail = try session.write { writer in
                guard try writer.application(id: applicationID) != nil else {
                    throw HubctlFailure.notFound("no application \(applicationID) in the store")
                }
                let entry = try writer.recordReveal(applicationID: applicationID, operatorName: revealRequest.operatorName,
                                                    account: account, reason: revealRequest.reason, at: presentation.now)
                var chain = EvidenceAppender()
                try chain.append(EvidenceEntry(at: entry.at, kind: .reveal, applicationID: applicationID,
                                               eventType: "reveal", signer: revealRequest.operatorName,
                                               digest: try EvidenceDigest.text(entry.detail)), to: writer)
                guard let detail = try writer.applicationDetail(id: applicationID) else {
                    throw HubctlFailure.notFound("no application \(applicationID) in the store")
                }
                return detail
            }
        } else {
            guard let found = try session.read({ reader in try reader.applicationDetail(id: applicationID) }) else {
                throw .notFound("no application \(applicationID) in the store")
            }
            detail = found
        }
        let view = ApplicationView(detail: detail, catalogue: catalogue)
        return CommandOutput(text: { ShowText(view: view, presentation: presentation, history: history, reveal: reveal).render() },
                             json: { json(view, presentation) })
    }

    private var reveal: Bool { revealRequest != nil }

    init(applicationID: String, history: Bool, reveal: RevealRequest?, account: String,
         catalogue: Result<Catalogue, CatalogueUnavailable>) {
        self.applicationID = applicationID
        self.history = history
        self.revealRequest = reveal
        self.account = account
        self.catalogue = catalogue
    }

    /// The JSON answer for `view` (also `ArchivedShowCommand`'s).
    func json(_ view: ApplicationView, _ presentation: Presentation) -> JSONValue {
        let record = view.detail.record
        let errors: [JSONValue] = record.errors.map { issue in
            Presentation.object([("field", .string(issue.field)), ("code", .string(issue.code)),
                                 ("message", .string(issue.message))])
        }
        let notApplicable: [JSONValue] = record.notApplicable.map { item in
            Presentation.object([("matter", .string(item.matter)), ("reason", .string(item.reason))])
        }
        let application = JSONObject(presentation.applicationSummary(record) + [
            ("errors", .array(errors)),
            ("notApplicable", .array(notApplicable)),
            ("document", presentation.redactor.redact(record.document)),
        ])
        let matters: [JSONValue] = record.matters.map { matter in
            var object = presentation.matterJSON(matter, title: view.title(of: matter.code)).objectValue ?? JSONObject()
            let node = view.graph.node(matter.code)
            object["requires"] = .array((node?.requires ?? []).map(JSONValue.string))
            object["after"] = .array((node?.after ?? []).map(JSONValue.string))
            object["deadlineStanding"] = Presentation.json(
                MatterClock.standing(of: matter, now: presentation.now, dueSoonFraction: view.dueSoonFraction)?.rawValue)
            return .object(object)
        }
        var pairs: [(String, JSONValue)] = [
            ("application", .object(application)),
            ("matters", .array(matters)),
            ("pendingOrders", .array(view.detail.orders.filter(\.isPending).map(presentation.orderJSON))),
            ("orders", .array(view.detail.orders.map(presentation.orderJSON))),
            ("graph", graphJSON(view)),
            ("promises", PromisesSection(promises: record.promises, policy: view.flow?.promises,
                                         presentation: presentation).json()),
            ("revealed", .bool(reveal)),
        ]
        if history {
            pairs.append(("history", .array(view.detail.history.map { entry in
                Presentation.object([("at", presentation.json(entry.at)), ("kind", .string(entry.kind)),
                                     ("matter", Presentation.json(entry.matter)),
                                     ("eventId", Presentation.json(entry.eventID)),
                                     ("detail", .string(entry.detail))])
            })))
        }
        return .object(JSONObject(pairs))
    }

    private func graphJSON(_ view: ApplicationView) -> JSONValue {
        let states = Dictionary(view.detail.record.matters.map { ($0.code, $0.state.rawValue) }, uniquingKeysWith: { first, _ in first })
        func node(_ branch: MatterGraph.Branch) -> JSONValue {
            Presentation.object([("matter", .string(branch.matter)), ("state", Presentation.json(states[branch.matter])),
                                 ("repeat", .bool(branch.isRepeat)), ("children", .array(branch.children.map(node)))])
        }
        return Presentation.object([
            ("edges", .bool(view.graph.hasEdges)),
            ("note", Presentation.json(view.catalogueNote)),
            ("roots", .array(view.graph.branches().map(node))),
        ])
    }
}

/// One application with what is known about its flow.
struct ApplicationView {
    let detail: ApplicationDetail
    let flow: Flow?
    let graph: MatterGraph
    /// Why the graph has no edges, nil when it has them.
    let catalogueNote: String?

    init(detail: ApplicationDetail, catalogue: Result<Catalogue, CatalogueUnavailable>) {
        self.detail = detail
        switch catalogue {
        case .success(let loaded):
            flow = loaded.flow(named: detail.record.flow)
            catalogueNote = flow == nil ? "the catalogue has no flow named \(detail.record.flow)" : nil
        case .failure(let reason):
            flow = nil
            catalogueNote = reason.reason
        }
        graph = MatterGraph(matters: detail.record.matters, flow: flow)
    }

    /// The flow's due-soon share, 0.8 (the contract's) without a catalogue.
    var dueSoonFraction: Double { flow?.dueSoonFraction ?? 0.8 }

    func title(of matter: String) -> String? {
        flow?.matter(matter)?.title
    }
}
