import OneThingExchange
import OneThingStore

/// The application state follows from its matters, so it is derived, never set by hand:
/// - a final outcome gives its state (`completed`, `partially-completed`, `rejected`, `withdrawn`);
/// - while any matter awaits a supplement: `awaiting-supplement`;
/// - once any department has answered anything (or a supplement re-sent a matter):
///   `in-progress`;
/// - before that (validated, first requests out, no answer yet): `accepted`.
/// An `invalid` application stays `invalid`.
enum ApplicationStateRules {
    static func state(of record: ApplicationRecord) -> ApplicationState {
        if record.state == .invalid { return .invalid }
        if let outcome = record.outcome { return outcome.applicationState }
        if record.matters.contains(where: { $0.state == .supplementRequired }) { return .awaitingSupplement }
        let answered = record.matters.contains { matter in
            switch matter.state {
            case .waiting, .sent: return matter.revision > 1
            case .received, .supplementRequired, .approved, .rejected, .cancelled: return true
            }
        }
        return answered ? .inProgress : .accepted
    }
}
