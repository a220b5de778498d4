import Foundation
import OneThingKafka
import OneThingStore
import OneThingSupport

/// Which destinations (topics) are held back, and which outbox rows are with librdkafka.
///
/// The outbox used to be published in id order with every failure retried before
/// anything newer, so one topic that kept refusing stopped every department, the status
/// topic and, through the offsets, intake too. Now a topic whose delivery fails
/// transiently (or whose reports do not come within the pipeline's patience) is *held*:
/// its rows stay in the outbox, rows enqueued for it later are not sent either (so one
/// application's messages to one topic keep their order), and the service's retry task
/// publishes its backlog alone, oldest first, with back-off, until it is empty and the
/// hold is released. Every other topic flows meanwhile. Permanent failures are queued
/// here for the service to set aside (see `DeliveryFailure`).
///
/// Thread-safe: delivery reports arrive on the Kafka layer's thread.
final class DestinationGate: Sendable {
    struct Hold: Sendable {
        var since: ContinuousClock.Instant
        var nextAttempt: ContinuousClock.Instant
        var delay: Duration
        var lastError: String
        /// Bumped whenever a row for the topic is kept back, so a release never forgets a
        /// row that was deferred after the backlog was read.
        var generation: UInt64 = 0
    }

    /// A row Kafka refused for good, waiting to be set aside.
    struct PermanentFailure: Sendable {
        let row: OutboxMessage
        let error: KafkaError
    }

    private struct State: Sendable {
        var holds: [String: Hold] = [:]
        var inFlight: [String: Int] = [:]
        var permanent: [PermanentFailure] = []
        /// Per topic, the highest row id a retry has sent: the loop hands the producer
        /// the rows its transaction wrote only after the commit, so a retry may have read
        /// and sent them already (and the hold may be released meanwhile); such rows are
        /// not sent twice.
        var retriedThrough: [String: Int64] = [:]
    }

    private let state = Locked(State())
    let firstDelay: Duration
    let maximumDelay: Duration

    init(firstDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(30)) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    /// The rows that may be sent now, in order, counted as in flight; rows for held topics
    /// are kept back (they stay in the outbox for the topic's retry).
    func admit(_ rows: [OutboxMessage]) -> [OutboxMessage] {
        state.withLock { state in
            if state.holds.isEmpty && state.retriedThrough.isEmpty {
                for row in rows { state.inFlight[row.topic, default: 0] += 1 }
                return rows
            }
            var admitted: [OutboxMessage] = []
            admitted.reserveCapacity(rows.count)
            for row in rows {
                if let through = state.retriedThrough[row.topic], row.id <= through { continue }
                if state.holds[row.topic] != nil {
                    state.holds[row.topic]?.generation &+= 1
                } else {
                    state.inFlight[row.topic, default: 0] += 1
                    admitted.append(row)
                }
            }
            return admitted
        }
    }

    /// A held topic's backlog, sent by its retry: counted in flight, no hold check.
    func admitRetry(_ rows: [OutboxMessage]) {
        state.withLock { state in
            for row in rows {
                state.inFlight[row.topic, default: 0] += 1
                state.retriedThrough[row.topic] = max(state.retriedThrough[row.topic] ?? 0, row.id)
            }
        }
    }

    /// The delivery report of an admitted row (any thread). A transient failure holds
    /// the topic; a permanent one queues the row to be set aside.
    func landed(_ row: OutboxMessage, _ result: Result<DeliveryReport, KafkaError>) {
        state.withLock { state in
            let left = (state.inFlight[row.topic] ?? 1) - 1
            state.inFlight[row.topic] = left > 0 ? left : nil
            guard case .failure(let error) = result else { return }
            switch error.deliveryFailure {
            case .permanent:
                state.permanent.append(PermanentFailure(row: row, error: error))
            case .transient:
                Self.hold(&state, topic: row.topic, reason: error.description, firstDelay: firstDelay)
            }
        }
    }

    /// Holds `topic` (its reports are overdue, or a recovery starts with it); a topic
    /// already held keeps its schedule.
    func hold(_ topic: String, reason: String, retryAt: ContinuousClock.Instant? = nil) {
        state.withLock { state in
            Self.hold(&state, topic: topic, reason: reason, firstDelay: firstDelay)
            if let retryAt { state.holds[topic]?.nextAttempt = retryAt }
        }
    }

    private static func hold(_ state: inout State, topic: String, reason: String, firstDelay: Duration) {
        if state.holds[topic] != nil {
            state.holds[topic]?.lastError = reason
            return
        }
        let now = ContinuousClock.now
        state.holds[topic] = Hold(since: now, nextAttempt: now + firstDelay, delay: firstDelay, lastError: reason)
    }

    /// Held topics whose retry is due and that have nothing with librdkafka, with the
    /// generation to release them by.
    func dueTopics(now: ContinuousClock.Instant = .now) -> [(topic: String, generation: UInt64)] {
        state.withLock { state in
            state.holds.compactMap { topic, hold in
                hold.nextAttempt <= now && (state.inFlight[topic] ?? 0) == 0 ? (topic, hold.generation) : nil
            }.sorted { $0.topic < $1.topic }
        }
    }

    /// After a retry: a transient failure doubles the wait (up to `maximumDelay`); else
    /// the topic's next page goes at once with the first delay restored.
    func retried(_ topic: String, failedTransiently: Bool) {
        state.withLock { state in
            guard var hold = state.holds[topic] else { return }
            if failedTransiently {
                hold.delay = min(hold.delay * 2, maximumDelay)
                hold.nextAttempt = .now + hold.delay
            } else {
                hold.delay = firstDelay
                hold.nextAttempt = .now
            }
            state.holds[topic] = hold
        }
    }

    /// Releases `topic` when no row was kept back for it since `generation` was read;
    /// returns how long it was held (nil: not released).
    func release(_ topic: String, ifGeneration generation: UInt64) -> Duration? {
        state.withLock { state in
            guard let hold = state.holds[topic], hold.generation == generation else { return nil }
            state.holds[topic] = nil
            return ContinuousClock.now - hold.since
        }
    }

    /// The permanent failures reported so far, forgetting them.
    func takePermanentFailures() -> [PermanentFailure] {
        state.withLock { state in
            defer { state.permanent = [] }
            return state.permanent
        }
    }

    /// Failures taken but not set aside (the store refused): kept for the next attempt.
    func returnPermanentFailures(_ failures: [PermanentFailure]) {
        state.withLock { $0.permanent.insert(contentsOf: failures, at: 0) }
    }

    var heldTopics: [String: Hold] { state.withLock { $0.holds } }
    var hasWork: Bool { state.withLock { !$0.holds.isEmpty || !$0.permanent.isEmpty } }
}
