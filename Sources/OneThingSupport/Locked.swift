import Foundation

/// A value that several threads share, reachable only while its lock is held.
///
/// The hub's state is touched from Kafka callback threads, Dispatch queues and Swift tasks
/// alike, so it cannot live in an actor without making every caller `await` (a delivery
/// report or a log line must not wait for a task to be scheduled). A lock that owns the
/// value it guards cannot be forgotten the way a lock beside the value can: there is no
/// way to reach the value without it. Critical sections stay short and never `await`.
public final class Locked<Value> {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value and returns what it returns.
    /// Keep `body` short and never call back into code that could take the same lock
    /// (the lock is not recursive).
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Sendable exactly when the value is: the lock makes sharing the box safe, not sharing
/// what the value refers to.
extension Locked: @unchecked Sendable where Value: Sendable {}
