import Foundation
import OneThingExchange

/// hubctl against a cluster (`--bootstrap-servers`): reading commands run unchanged on
/// the cluster's view (`ClusterView`); `resend` and `withdraw` go to the application's
/// owner over the orders topic (`ClusterOrderCommand`). The flow comes from the
/// catalogue (its topic names), which must hold exactly one flow, as for `hubd run`.
enum ClusterCommands {
    static func run(_ invocation: HubctlInvocation, cluster: HubctlCluster, environment: [String: String],
                    presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let flow = try servedFlow(invocation.cataloguePath)
        switch invocation.command {
        case .resend(let id, let matter):
            return try ClusterOrderCommand(applicationID: id, kind: .resend(matter: matter),
                                           operatorName: OperatorName.resolve(environment), cluster: cluster, flow: flow)
                .run(presentation)
        case .withdraw(let id, let reason):
            return try ClusterOrderCommand(applicationID: id, kind: .withdraw(reason: reason),
                                           operatorName: OperatorName.resolve(environment), cluster: cluster, flow: flow)
                .run(presentation)
        case .show(let id, _, _):
            let view = try ClusterView.open(cluster: cluster, flow: flow, applicationID: id)
            defer { view.close() }
            let answer = try HubctlMain.command(invocation, environment: environment).run(view.session, presentation)
            return answer.rendered()
        case .verify, .evidence:
            throw .store("the evidence chain is kept in each hubd's store: give --store PATH")
        case .showArchived:
            throw .store("the archive is files beside one hubd's store: give --store PATH (or ONETHING_ARCHIVE_DIR) "
                         + "to read it")
        case .list, .overdue, .stats, .deadLetters, .rectifications, .cards:
            let view = try ClusterView.open(cluster: cluster, flow: flow)
            defer { view.close() }
            let answer = try HubctlMain.command(invocation, environment: environment).run(view.session, presentation)
            return answer.rendered()
        }
    }

    private static func servedFlow(_ cataloguePath: String?) throws(HubctlFailure) -> Flow {
        let catalogue: Catalogue
        switch CatalogueSource(explicitPath: cataloguePath).load() {
        case .success(let loaded): catalogue = loaded
        case .failure(let problem):
            throw .store("against a cluster hubctl needs the catalogue for the flow's topic names: \(problem)")
        }
        guard catalogue.flows.count == 1, let flow = catalogue.flows.first else {
            throw .store("the catalogue has \(catalogue.flows.count) flows; point --catalogue at a directory with the one "
                         + "flow the cluster serves")
        }
        return flow
    }
}
