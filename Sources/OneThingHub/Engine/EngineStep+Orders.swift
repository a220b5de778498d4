import Foundation
import OneThingExchange
import OneThingStore

/// Orders recorded by administrators (`hubctl resend`, `hubctl withdraw`); the daemon
/// carries them out so it stays the one writer of Kafka.
extension EngineStep {
    mutating func carryOut(_ order: AdminOrder) {
        guard let current = record, current.state != .invalid else {
            orderResult = "Nothing done: there is no application \(applicationID)."
            return
        }
        switch order.kind {
        case .resend(let code):
            guard let index = matterIndex(code) else {
                orderResult = "Nothing done: matter \(code) does not apply to \(applicationID)."
                return
            }
            let matter = current.matters[index]
            guard current.outcome == nil, matter.state == .sent || matter.state == .received else {
                orderResult = "Nothing done: matter \(code) is \(matter.state.rawValue)."
                return
            }
            if resendCurrent(index, kind: "order",
                             detail: "Resent on the order of \(order.requestedBy) with the same id.") {
                record?.matters[index].resends = 0
                record?.matters[index].stalled = false
                orderResult = "Resent \(matter.requestID ?? code)."
            } else {
                orderResult = "Nothing done: the request for \(code) could not be rebuilt."
            }
        case .withdraw(let reason):
            guard current.outcome == nil else {
                orderResult = "Nothing done: the application is already \(current.state.rawValue)."
                return
            }
            note("order", eventID: nil, "Withdrawal ordered by \(order.requestedBy).")
            performWithdrawal(reason: reason, eventID: nil, by: order.requestedBy)
            orderResult = "Withdrawn."
        }
    }
}
