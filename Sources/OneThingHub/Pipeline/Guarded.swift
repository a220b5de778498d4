import Foundation

/// A value behind a lock, for the little state the service shares between the task that
/// runs it and whoever calls `stop()` (or reads metrics) from elsewhere.
final class Guarded<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
