import Foundation

/// Runs blocking work (SQLite transactions and their fsync) on a thread of its own and
/// awaits the result.
///
/// Why: Swift concurrency's global pool has one thread per core (two on the machines we
/// run on). A store transaction that runs inline on a pool thread holds it for the whole
/// transaction, and everything else that needs a pool thread waits behind it: Kafka
/// poll continuations, delivery waits, the stop budget's deadlines. Under load that was
/// seconds. A private serial Dispatch queue is "overcommit": libdispatch gives it a
/// thread even when the pool is busy, so the pool stays free for short async steps.
///
/// Serial by design: the store has one writer connection, and transactions must apply
/// in the pipeline's order. The engine's work inside a transaction runs on Dispatch's
/// pool (`concurrentPerform`, and `BackgroundEvaluation` for the next chunk while this
/// thread writes the current one); this thread may block waiting for it, which is why
/// it is a thread of its own and not one of Swift concurrency's.
final class BlockingWorker: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `work` on the worker's thread after everything submitted before it.
    func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
