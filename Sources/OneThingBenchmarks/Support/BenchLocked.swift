import Foundation

/// State shared between the benchmark's Kafka callbacks, tasks and the driver, guarded by
/// a lock (callbacks arrive on librdkafka's threads, so an actor would make every
/// callback hop to a task).
final class BenchLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value; keep it short.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
