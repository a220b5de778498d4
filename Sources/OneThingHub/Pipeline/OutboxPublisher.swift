import Foundation
import OneThingKafka
import OneThingStore
import OneThingSupport

/// Publishes outbox rows; each delivery report settles its row at once.
///
/// Every message of a batch is handed to librdkafka at once with the callback `send`
/// (no round trip per message). A delivered row goes to `marks`, to be deleted from the
/// outbox by the next transaction; a failed one stays in the outbox and tells the
/// `gate`: a transient failure holds its topic (the service retries that topic's
/// backlog alone, with back-off), a permanent one is queued to be set aside as
/// undeliverable. The outbox is the durable record of what must reach Kafka, so a crash
/// at any instant loses nothing (at worst a row is published twice, with the same
/// `ce_id`).
struct OutboxPublisher: Sendable {
    let producer: KafkaProducer
    let metrics: HubMetrics?
    let gate: DestinationGate
    let marks: PublishedMarks
    /// Ends waits for delivery reports when the service stops (see `DeliveryWaitCutoff`).
    var cutoff: DeliveryWaitCutoff? = nil

    /// Hands the rows whose topic is not held to the producer now, in order, without
    /// waiting (the pipeline processes its next batch while these deliveries complete);
    /// rows for held topics stay in the outbox for their topic's retry.
    func start(_ rows: [OutboxMessage]) -> PendingDeliveries {
        send(gate.admit(rows))
    }

    /// Sends a held topic's backlog (its retry), bypassing the hold.
    func retry(_ rows: [OutboxMessage]) -> PendingDeliveries {
        gate.admitRetry(rows)
        return send(rows)
    }

    private func send(_ rows: [OutboxMessage]) -> PendingDeliveries {
        let tracker = DeliveryTracker(count: rows.count)
        let gate = gate, marks = marks, metrics = metrics
        for (index, row) in rows.enumerated() {
            let message = OutgoingMessage(topic: row.topic, key: row.key, value: row.isTombstone ? nil : row.value,
                                          headers: row.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
            // Marked before the gate hears of it: a retry that finds nothing in flight
            // must find every delivered row marked, or it would send it again.
            let settle: @Sendable (Result<DeliveryReport, KafkaError>) -> Void = { result in
                if case .success = result {
                    marks.add([row.id])
                    metrics?.messageOut(topic: row.topic)
                }
                gate.landed(row, result)
                tracker.complete(index, result)
            }
            do throws(KafkaError) {
                try producer.send(message, completion: settle)
            } catch {
                settle(.failure(error))
            }
        }
        return PendingDeliveries(rows: rows, tracker: tracker)
    }

    /// Waits for the reports of `start` or `retry`, at most `timeout` (nil: until every
    /// report is in, or the service's stop cuts the wait). Reports that come later still
    /// settle their rows. Returns the results so far, a missing report as a failure.
    @discardableResult
    func finish(_ pending: PendingDeliveries, timeout: Duration? = nil) async -> DeliveryTracker.Results {
        guard !pending.rows.isEmpty else { return [] }
        let results = await pending.tracker.wait(timeout: timeout, cutoff: cutoff)
        cutoff?.forget(pending.tracker)
        return results
    }
}

/// The deliveries of one batch, handed to the producer and not yet all reported.
struct PendingDeliveries: Sendable {
    let rows: [OutboxMessage]
    let tracker: DeliveryTracker

    /// Whether every report is in (false after a wait that timed out).
    var isComplete: Bool { tracker.isComplete }
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

    /// Whether every report is in.
    var isComplete: Bool { state.withLock { $0.remaining == 0 } }

    /// The positions whose report has not come yet.
    func unreported() -> [Int] {
        state.withLock { state in state.results.indices.filter { state.results[$0] == nil } }
    }

    /// True when every delivery was reported and none failed.
    var allSucceeded: Bool {
        state.withLock { state in
            state.remaining == 0 && state.results.allSatisfy { if case .success = $0 { true } else { false } }
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
