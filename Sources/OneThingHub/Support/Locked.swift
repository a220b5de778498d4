import Foundation

/// A value guarded by a lock: the one synchronisation primitive of the hub module.
///
/// The operations code (logger, metrics, HTTP server) and the service's shared state
/// (its stop flag, health) are reached from Kafka threads, Dispatch queues and Swift tasks
/// alike, so they use a plain lock rather than an actor: callers never have to `await`
/// to count a message, write a log line or ask the service to stop. Public for `hubd`'s
/// benchmark, whose Kafka callbacks share state the same way.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value. Keep `body` short and never call
    /// back into code that could take the same lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
