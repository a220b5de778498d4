import Foundation
import OneThingExchange
import OneThingKafka
import OneThingStore

/// `hubctl --bootstrap-servers ... resend` / `withdraw`: the order goes to the instance
/// that owns the application, whichever it is, as a message on the flow's orders topic
/// (an `<stem>.order` CloudEvent keyed by the application id, on the application's owner
/// partition), carrying the operator's name. The owner carries it out in its pipeline,
/// records it (and the operator) in the application's history, and the effect reaches
/// the state topic like any other change; hubd stays the one writer of the flow's topics.
///
/// The same refusals as against a store (exit 1: unknown application or matter, a final
/// matter or application, a matter never sent) are checked first on the cluster's view
/// (`ClusterView`), so a pointless order is never sent. The order is done when the
/// broker acknowledges it: the owner applies it within moments, or its successor does
/// after a rebalance (the offset is committed only with the order's effects).
struct ClusterOrderCommand {
    let applicationID: String
    let kind: AdminOrder.Kind
    let operatorName: String
    let cluster: HubctlCluster
    let flow: Flow

    func run(_ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let view = try ClusterView.open(cluster: cluster, flow: flow, applicationID: applicationID)
        defer { view.close() }
        guard let record = try view.session.read({ try $0.application(id: applicationID) }) else {
            throw .notFound("no application \(applicationID) in the cluster (state topic \(flow.topics.state))")
        }
        let order = OrderCommand(applicationID: applicationID, kind: kind, operatorName: operatorName)
        try order.refuseIfPointless(record, pending: [], undeliverable: 0)

        let message = try outgoing(at: presentation.now, partitionCount: view.partitionCount)
        let configuration = ClusterAccess.configuration(cluster)
        let report: DeliveryReport
        do {
            let producer = try KafkaProducer(configuration: configuration)
            report = try BlockingWait.run {
                let report = try await producer.send(message.outgoing)
                await producer.close(timeout: .seconds(5))
                return report
            }
        } catch {
            throw .store("the order could not be sent to \(flow.topics.orders) at \(cluster.bootstrapServers): \(error)")
        }
        let text = "Order sent: \(description) of \(applicationID), requested by \(operatorName), "
            + "on \(report.topic) partition \(report.partition) (offset \(report.offset)).\n"
            + "The instance that owns partition \(report.partition) carries it out and records it in the "
            + "application's history; `hubctl --bootstrap-servers \(cluster.bootstrapServers) show \(applicationID)` "
            + "shows its effect.\n"
            + (cluster.keysDirectory == nil
               ? "The order is not signed (no --keys): a hub that verifies signatures refuses it (dead letter bad-signature).\n"
               : "")
        let json = Presentation.object([
            ("sent", .bool(true)),
            ("eventId", .string(message.eventID)),
            ("applicationId", .string(applicationID)),
            ("kind", .string(kindName)),
            ("matter", Presentation.json(matter)),
            ("reason", Presentation.json(reason)),
            ("requestedBy", .string(operatorName)),
            ("signedBy", cluster.keysDirectory == nil ? .null : .string(AdministratorOrder.source(ofOperator: operatorName))),
            ("requestedAt", presentation.json(presentation.now)),
            ("topic", .string(report.topic)),
            ("partition", .int(Int64(report.partition))),
            ("offset", .int(report.offset)),
        ])
        return CommandOutput(text: { text }, json: { json })
    }

    /// The order's CloudEvent (binary mode), on the application's owner partition; signed
    /// with the operator's key when a keys folder is given (see `OrderSignature`).
    func outgoing(at now: Date, partitionCount: Int32) throws(HubctlFailure) -> (outgoing: OutgoingMessage, eventID: String) {
        let wire = AdministratorOrder(applicationID: applicationID, kind: wireKind, requestedBy: operatorName,
                                      requestedAt: now)
        let signature = try cluster.keysDirectory.map { folder throws(HubctlFailure) in
            try OrderSignature(keysDirectory: folder, operatorName: operatorName)
        }
        let eventID = UUID().uuidString.lowercased()
        let formatter = ISO8601DateFormatter()
        let event = CloudEvent(id: eventID, source: signature?.signer ?? AdministratorOrder.unsignedSource,
                               type: flow.eventTypes.order, time: formatter.string(from: now),
                               subject: applicationID, contentType: "application/json", data: wire.encoded())
        let encoded = CloudEventCodec.encodeBinary(event)
        var message = OutgoingMessage(topic: flow.topics.orders, key: Array(applicationID.utf8), value: encoded.value,
                                      headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
        if let signature { message = try signature.sign(message) }
        // Placed explicitly, whatever partitioner `--kafka` may name: the owner partition.
        message.partition = KeyPartitioner.partition(forKey: applicationID, partitionCount: partitionCount)
        return (message, eventID)
    }

    private var wireKind: AdministratorOrder.Kind {
        switch kind {
        case .resend(let matter): return .resend(matter: matter)
        case .withdraw(let reason): return .withdraw(reason: reason)
        }
    }

    private var kindName: String { kind.name }
    private var matter: String? { kind.matter }
    private var reason: String? { kind.reason }
    private var description: String { kind.orderDescription }
}
