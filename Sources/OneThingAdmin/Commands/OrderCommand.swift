import Foundation
import OneThingExchange
import OneThingStore

/// `hubctl resend` and `hubctl withdraw`: record an order for the running hubd (the one
/// writer of Kafka) to carry out. The checks and the recording happen in one write
/// transaction, so an order is never recorded against a state that changed meanwhile.
/// Refusals (exit 1): unknown application or matter; a final matter or application;
/// a resend of a matter never sent (there is no request to repeat); the same order
/// already pending. A resend of a matter with messages set aside as undeliverable is
/// always recorded: hubd puts those messages back into the outbox, unchanged.
struct OrderCommand {
    let applicationID: String
    let kind: AdminOrder.Kind
    let operatorName: String

    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput {
        let orderID = try session.write { writer throws -> Int64 in
            guard let record = try writer.application(id: applicationID) else {
                throw HubctlFailure.notFound("no application \(applicationID) in the store")
            }
            let undeliverable = try matter.map { try writer.setAsideUndeliverableCount(applicationID: applicationID, matter: $0) } ?? 0
            try refuseIfPointless(record, pending: try writer.orders(applicationID: applicationID).filter(\.isPending),
                                  undeliverable: undeliverable)
            let id = try writer.recordOrder(applicationID: applicationID, kind: kind, requestedBy: operatorName,
                                            at: presentation.now)
            try writer.appendHistory(HistoryEntry(
                applicationID: applicationID, at: presentation.now, kind: "order-recorded",
                matter: matter, detail: "Operator \(operatorName) ordered \(description) (order \(id))."))
            return id
        }
        let text = "Order \(orderID) recorded: \(description) of \(applicationID), requested by \(operatorName).\n"
            + "The running hubd carries it out; `hubctl show \(applicationID)` lists it until it is done.\n"
        let json = Presentation.object([
            ("recorded", .bool(true)),
            ("orderId", .int(orderID)),
            ("applicationId", .string(applicationID)),
            ("kind", .string(kindName)),
            ("matter", Presentation.json(matter)),
            ("reason", Presentation.json(reason)),
            ("requestedBy", .string(operatorName)),
            ("requestedAt", presentation.json(presentation.now)),
        ])
        return CommandOutput(text: { text }, json: { json })
    }

    /// Application states after which nothing more happens to it.
    static let finalStates: Set<ApplicationState> = [.completed, .partiallyCompleted, .rejected, .withdrawn, .invalid]

    private var kindName: String { kind.name }
    private var matter: String? { kind.matter }
    private var reason: String? { kind.reason }
    private var description: String { kind.orderDescription }

    func refuseIfPointless(_ record: ApplicationRecord, pending: [AdminOrder],
                                   undeliverable: Int) throws(HubctlFailure) {
        switch kind {
        case .resend(let code):
            if let same = pending.first(where: { $0.kind == kind }) {
                throw .nothingToDo("a resend of \(code) for \(applicationID) is already pending (order \(same.id))")
            }
            // Messages of the matter Kafka refused for good go back whatever its state
            // (a cancel is undeliverable after its matter became final).
            if undeliverable > 0 { return }
            guard let matter = record.matter(code) else {
                let known = record.matters.map(\.code).joined(separator: ", ")
                throw .notFound("application \(applicationID) has no matter \(code) (its matters: \(known.isEmpty ? "none" : known))")
            }
            guard !matter.state.isFinal else {
                throw .nothingToDo("matter \(code) of \(applicationID) is already final (\(matter.state.rawValue)); nothing to resend")
            }
            guard matter.state != .waiting, matter.revision > 0 else {
                throw .nothingToDo("matter \(code) of \(applicationID) has not been sent yet (waiting for its prerequisites); nothing to resend")
            }
            if let same = pending.first(where: { $0.kind == kind }) {
                throw .nothingToDo("a resend of \(code) for \(applicationID) is already pending (order \(same.id))")
            }
        case .withdraw:
            guard record.outcome == nil, !Self.finalStates.contains(record.state) else {
                throw .nothingToDo("application \(applicationID) is already final (\(record.state.rawValue)); nothing to withdraw")
            }
            if let same = pending.first(where: { if case .withdraw = $0.kind { return true } else { return false } }) {
                throw .nothingToDo("a withdrawal of \(applicationID) is already pending (order \(same.id))")
            }
        }
    }
}
