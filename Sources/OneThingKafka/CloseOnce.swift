import OneThingSupport

/// The bookkeeping of a client's close, shared by consumer and producer: closing is
/// idempotent and may be asked for from several tasks at once, but the work (leave the
/// group or flush, then destroy the handle) must run exactly once, on the client's poll
/// thread. The first caller to `join` is told to start it; every caller, earlier or
/// later, hears the one outcome exactly once.
final class CloseOnce<Outcome: Sendable>: Sendable {
    private struct State {
        var outcome: Outcome?
        var waiters: [@Sendable (Outcome) -> Void] = []
        var started = false
    }

    private let state = Locked(State())

    /// Registers `waiter` for the outcome. Returns true for the first caller, who must
    /// start the work and end it with `finish`; once finished, `waiter` runs at once
    /// (on the caller's thread) and false is returned.
    func join(_ waiter: @escaping @Sendable (Outcome) -> Void) -> Bool {
        let (finished, first): (Outcome?, Bool) = state.withLock { state in
            if let outcome = state.outcome { return (outcome, false) }
            state.waiters.append(waiter)
            defer { state.started = true }
            return (nil, !state.started)
        }
        if let finished { waiter(finished) }
        return first
    }

    /// Records the outcome and tells every waiter (outside the lock, so a waiter may
    /// call `join` again).
    func finish(_ outcome: Outcome) {
        let waiting = state.withLock { state in
            state.outcome = outcome
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiting { waiter(outcome) }
    }
}
