import Foundation
import OneThingKafka
import OneThingStore
import OneThingSupport

/// Publishes outbox rows and marks them published once the broker acknowledged them.
///
/// Every message of a batch is handed to librdkafka at once with the callback `send`
/// (no round trip per message), then the publisher waits for all delivery reports. Rows
/// whose delivery failed stay unpublished and are sent again by `publishBacklog`, in id
/// order, before anything newer is committed: the outbox is the durable record of what
/// must reach Kafka, so a crash at any instant loses nothing (at worst a row is
/// published twice, with the same `ce_id`).
struct OutboxPublisher: Sendable {
    let producer: KafkaProducer
    let store: CorrelationStore
    /// Where the store calls run, off Swift concurrency's pool (see `BlockingWorker`).
    let storeWorker: BlockingWorker
    let metrics: HubMetrics?
    /// Ends waits for delivery reports when the service stops (see `DeliveryWaitCutoff`).
    var cutoff: DeliveryWaitCutoff? = nil

    struct Failure: Error, CustomStringConvertible {
        let failed: Int
        let first: KafkaError
        var description: String { "\(failed) message(s) not delivered: \(first.description)" }
    }

    /// Hands every row to the producer now, in order, without waiting: the pipeline
    /// processes its next batch while these deliveries complete.
    func start(_ rows: [OutboxMessage]) -> PendingDeliveries {
        let tracker = DeliveryTracker(count: rows.count)
        for (index, row) in rows.enumerated() {
            var message = OutgoingMessage(topic: row.topic, key: row.key, value: row.value,
                                          headers: row.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
            message.partition = row.partition
            do throws(KafkaError) {
                try producer.send(message) { result in tracker.complete(index, result) }
            } catch {
                tracker.complete(index, .failure(error))
            }
        }
        return PendingDeliveries(rows: rows, tracker: tracker)
    }

    /// Waits for the deliveries of `start`, marks what was delivered as published, and
    /// throws when anything was not. With a `timeout`, reports still missing by then count
    /// as failures (used when stopping, so a broker outage cannot hold the stop). With
    /// `marks`, the delivered rows are left there for the pipeline's next transaction to
    /// delete (see `PublishedMarks`) instead of being deleted now.
    func finish(_ pending: PendingDeliveries, timeout: Duration? = nil, marks: PublishedMarks? = nil) async throws {
        let rows = pending.rows
        guard !rows.isEmpty else { return }
        let results = await pending.tracker.wait(timeout: timeout, cutoff: cutoff)
        cutoff?.forget(pending.tracker)
        var delivered: [Int64] = []
        delivered.reserveCapacity(rows.count)
        var deliveredByTopic: [String: Int] = [:]
        var firstFailure: KafkaError?
        var failed = 0
        for (row, result) in zip(rows, results) {
            switch result {
            case .success:
                delivered.append(row.id)
                deliveredByTopic[row.topic, default: 0] += 1
            case .failure(let error):
                failed += 1
                if firstFailure == nil { firstFailure = error }
            }
        }
        if let marks {
            marks.add(delivered)
        } else {
            let store = store, published = delivered
            try await storeWorker.run { try store.markPublished(ids: published) }
        }
        for (topic, count) in deliveredByTopic { metrics?.messageOut(topic: topic, count: count) }
        if let firstFailure { throw Failure(failed: failed, first: firstFailure) }
    }

    /// Publishes everything still unpublished in the store, oldest first (crash recovery
    /// at start, and retry after a failed publish).
    func publishBacklog(pageSize: Int = 1000, timeout: Duration? = nil) async throws -> Int {
        var total = 0
        while true {
            let store = store
            let rows = try await storeWorker.run { try store.unsentOutbox(limit: pageSize) }
            if rows.isEmpty { return total }
            try await finish(start(rows), timeout: timeout)
            total += rows.count
        }
    }
}

/// The deliveries of one batch, handed to the producer and not yet all reported.
struct PendingDeliveries: Sendable {
    let rows: [OutboxMessage]
    let tracker: DeliveryTracker
}

/// Collects the delivery reports of one publish (they come on the Kafka layer's thread,
/// in any order) and hands them to whoever waits, whether it started waiting before or
/// after the last report.
final class DeliveryTracker: Sendable {
    typealias Results = [Result<DeliveryReport, KafkaError>]

    private struct State {
        var results: [Result<DeliveryReport, KafkaError>?]
        var confirmed: [ContinuousClock.Instant?]
        var remaining: Int
        var waiter: CheckedContinuation<Results, Never>?

        /// Once every result is in, or when waiting is given up: a missing report counts
        /// as a failure.
        var finished: Results {
            results.map { $0 ?? .failure(KafkaError(kind: .other, message: "no delivery report")) }
        }

        /// Takes the waiter out together with what it is to be given.
        mutating func takeWaiter() -> (CheckedContinuation<Results, Never>, Results)? {
            guard let waiter else { return nil }
            self.waiter = nil
            return (waiter, finished)
        }
    }

    private let state: Locked<State>

    init(count: Int) {
        state = Locked(State(results: Array(repeating: nil, count: count),
                             confirmed: Array(repeating: nil, count: count), remaining: count))
    }

    func complete(_ index: Int, _ result: Result<DeliveryReport, KafkaError>) {
        let now = ContinuousClock.now
        let resume = state.withLock { state -> (CheckedContinuation<Results, Never>, Results)? in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            if case .success = result { state.confirmed[index] = now }
            state.remaining -= 1
            return state.remaining == 0 ? state.takeWaiter() : nil
        }
        if let (waiter, collected) = resume { waiter.resume(returning: collected) }
    }

    func wait(timeout: Duration? = nil, cutoff: DeliveryWaitCutoff? = nil) async -> Results {
        await withCheckedContinuation { (continuation: CheckedContinuation<Results, Never>) in
            let collected = state.withLock { state -> Results? in
                if state.remaining == 0 { return state.finished }
                state.waiter = continuation
                return nil
            }
            if let collected {
                continuation.resume(returning: collected)
            } else {
                cutoff?.watch(self)
                if let timeout {
                    DeadlineTimer.after(timeout) { [self] in expireWaiting() }
                }
            }
        }
    }

    /// When each delivery was confirmed (nil: failed or not reported).
    var confirmationTimes: [ContinuousClock.Instant?] {
        state.withLock { $0.confirmed }
    }

    /// Gives the waiter what is in so far; the missing reports count as failures.
    func expireWaiting() {
        if let (waiter, collected) = state.withLock({ $0.takeWaiter() }) { waiter.resume(returning: collected) }
    }
}
