import Foundation
import OneThingSupport

/// Ends every wait for delivery reports at a deadline set when the service stops.
///
/// Why: with the broker unreachable, librdkafka reports a delivery as failed only after
/// `message.timeout.ms` (minutes by default). A wait for a batch's reports that began
/// before the stop would outlast the 10 s a graceful stop may take. Waits register here;
/// `cut(after:)` expires those pending at the deadline (and any begun after it) with
/// what was reported so far, the rest counting as not delivered: the rows stay in the
/// outbox for the next start.
final class DeliveryWaitCutoff: Sendable {
    private struct State {
        var passed = false
        var waiting: [ObjectIdentifier: DeliveryTracker] = [:]
    }

    private let state = Locked(State())

    /// Expires `tracker`'s wait at the cutoff (at once if it already passed).
    func watch(_ tracker: DeliveryTracker) {
        let passed = state.withLock { state -> Bool in
            if !state.passed { state.waiting[ObjectIdentifier(tracker)] = tracker }
            return state.passed
        }
        if passed { tracker.expireWaiting() }
    }

    /// The wait of `tracker` is over; stop watching it.
    func forget(_ tracker: DeliveryTracker) {
        state.withLock { _ = $0.waiting.removeValue(forKey: ObjectIdentifier(tracker)) }
    }

    /// Sets the cutoff `delay` from now (the first call wins).
    func cut(after delay: Duration) {
        DeadlineTimer.after(delay) { [self] in
            let expiring = state.withLock { state -> [DeliveryTracker] in
                guard !state.passed else { return [] }
                state.passed = true
                defer { state.waiting.removeAll() }
                return Array(state.waiting.values)
            }
            for tracker in expiring { tracker.expireWaiting() }
        }
    }
}
