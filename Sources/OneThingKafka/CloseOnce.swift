import Foundation

/// The bookkeeping of a client's close, shared by consumer and producer: closing is
/// idempotent and may be asked for from several tasks at once, but the work (leave the
/// group or flush, then destroy the handle) must run exactly once, on the client's poll
/// thread. The first caller to `join` is told to start it; every caller, earlier or
/// later, hears the one outcome exactly once.
final class CloseOnce<Outcome: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Outcome?
    private var waiters: [@Sendable (Outcome) -> Void] = []
    private var started = false

    /// Registers `waiter` for the outcome. Returns true for the first caller, who must
    /// start the work and end it with `finish`; once finished, `waiter` runs at once
    /// (on the caller's thread) and false is returned.
    func join(_ waiter: @escaping @Sendable (Outcome) -> Void) -> Bool {
        lock.lock()
        if let outcome {
            lock.unlock()
            waiter(outcome)
            return false
        }
        waiters.append(waiter)
        let first = !started
        started = true
        lock.unlock()
        return first
    }

    /// Records the outcome and tells every waiter (outside the lock, so a waiter may
    /// call `join` again).
    func finish(_ outcome: Outcome) {
        lock.lock()
        self.outcome = outcome
        let waiting = waiters
        waiters.removeAll()
        lock.unlock()
        for waiter in waiting { waiter(outcome) }
    }
}
