import Foundation

/// Mutable state shared between the simulator's tasks and Kafka's callback threads,
/// guarded by a lock (short critical sections only, never across an `await`).
final class Locked<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var state: State

    init(_ state: State) { self.state = state }

    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
