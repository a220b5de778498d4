import Foundation

/// A value guarded by a lock: the one synchronisation primitive of the operations code.
///
/// Operators' infrastructure (logger, metrics, HTTP server) is called from Kafka threads,
/// Dispatch queues and Swift tasks alike, so it uses a plain lock rather than an actor:
/// callers never have to `await` to count a message or write a log line.
final class OpsLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value. Keep `body` short and never call
    /// back into code that could take the same lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
