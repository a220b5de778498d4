import Foundation
import OneThingSupport

/// Runs async work and waits for it on the calling thread. hubctl is a command-line tool
/// whose commands are synchronous (`HubctlMain.run` on the executable's main thread, the
/// same thread its SQLite reads run on), while the Kafka layer's admin and producer calls
/// are async: the work runs in a task on the cooperative pool and the main thread, which
/// is no concurrency thread, waits for it. Never call this from a Swift concurrency task.
enum BlockingWait {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        guard let result = outcome.withLock({ $0 }) else { throw CancellationError() }
        return try result.get()
    }
}
