import OneThingSupport

/// A stop asked for by a signal, remembered from the first instant of the process.
///
/// Why: the signal handlers are installed before anything else at start-up (README,
/// "Operating hubd": SIGTERM stops cleanly in every state), but the service a stop must
/// reach is created later (catalogue, store, Kafka clients). A stop that arrives before
/// it exists is kept here, every start-up step asks `isRequested` before it begins, and
/// the service, once created, registers with `whenRequested` and is stopped at once if it
/// came too late.
public final class StopRequest: Sendable {
    private struct State {
        var requested = false
        var actions: [@Sendable () -> Void] = []
    }

    private let state = Locked(State())

    public init() {}

    /// Whether a stop was asked for.
    public var isRequested: Bool { state.withLock { $0.requested } }

    /// Asks for the stop: runs every registered action once (later calls do nothing more).
    public func request() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.requested else { return [] }
            state.requested = true
            defer { state.actions.removeAll() }
            return state.actions
        }
        for action in actions { action() }
    }

    /// Runs `action` when the stop is requested, or now if it already was.
    public func whenRequested(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.requested { return true }
            state.actions.append(action)
            return false
        }
        if now { action() }
    }
}
