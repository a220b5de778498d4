import Foundation

/// A dedicated OS thread owned by one Kafka client: every blocking librdkafka call of that
/// client runs here, so no Swift concurrency thread ever blocks.
///
/// Jobs run one at a time in submission order. Between jobs the thread runs `idle` (the
/// producer's `rd_kafka_poll(rk, 100)`, which serves delivery reports) or, without an idle
/// step, sleeps on a condition until a job arrives. `stop(final:)` runs one last job
/// (flush, close, destroy) after the queued ones; later submissions are refused.
final class KafkaClientThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false
    private let idle: (@Sendable () -> Void)?
    private var runningThread: pthread_t?

    init(name: String, idle: (@Sendable () -> Void)? = nil) {
        self.idle = idle
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// True when called on this client's thread (e.g. from a delivery-report completion).
    var isCurrent: Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let runningThread else { return false }
        return pthread_equal(runningThread, pthread_self()) != 0
    }

    /// Queues a job; false when the thread is stopping or gone.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Runs `body` on this thread and suspends (without blocking) until it returns.
    func perform<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable () -> Result<T, KafkaError>
    ) async -> Result<T, KafkaError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, KafkaError>, Never>) in
            let accepted = submit { continuation.resume(returning: body()) }
            if !accepted { continuation.resume(returning: .failure(.closed(what))) }
        }
    }

    /// Runs `final` after the queued jobs, then lets the thread end. Returns false when a
    /// stop was already requested (then `final` does not run).
    @discardableResult
    func stop(final: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        jobs.append(final)
        stopping = true
        condition.signal()
        return true
    }

    private func run() {
        condition.lock()
        runningThread = pthread_self()
        condition.unlock()
        while true {
            condition.lock()
            if jobs.isEmpty && !stopping && idle == nil {
                condition.wait()
            }
            let batch = jobs
            jobs.removeAll()
            let lastBatch = stopping
            condition.unlock()

            for job in batch { job() }
            if lastBatch { break }
            if batch.isEmpty, let idle { idle() }
        }
    }
}
