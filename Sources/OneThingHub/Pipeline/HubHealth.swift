import Foundation
import OneThingKafka
import OneThingSupport

/// What the hub says about itself on `/healthz` (alive and making progress) and `/readyz`
/// (serving), from facts the pipeline reports as they happen.
///
/// Liveness fails, each with its reason, when:
/// - the poll loop has not turned for `Limits.loopStall` (a hang: it turns every poll
///   timeout when idle, and keeps polling while it waits for Kafka or the store);
/// - the oldest unpublished outbox row is older than `Limits.outboxAge` (Kafka has not
///   taken the hub's effects: broker down, a destination refusing);
/// - the store has not been writable for `Limits.loopStall` (another process holds it);
/// - a Kafka client failed for good (the pipeline then ends the process as well).
///
/// Readiness needs a consumer group assignment (joined; the count of partitions is told),
/// every condition of `readiness` met, and no stop under way.
public final class HubHealth: Sendable {
    public struct Limits: Sendable, Equatable {
        /// The longest the poll loop may go without turning, and the store without being
        /// writable, before liveness fails.
        public var loopStall: Duration
        /// The longest the oldest outbox row may wait for Kafka before liveness fails.
        public var outboxAge: Duration

        public static let defaultLoopStallSeconds = 30
        public static let defaultOutboxAgeSeconds = 120

        public init(loopStall: Duration = .seconds(Limits.defaultLoopStallSeconds),
                    outboxAge: Duration = .seconds(Limits.defaultOutboxAgeSeconds)) {
            self.loopStall = loopStall
            self.outboxAge = outboxAge
        }
    }

    private struct State {
        var lastTurn = ContinuousClock.now
        var joined = false
        var assigned: Set<TopicPartition> = []
        var storeBusySince: ContinuousClock.Instant?
        var stopping = false
        var fatal: String?
    }

    public let limits: Limits
    /// Conditions other parts of the hub add before it may say it serves.
    public let readiness = ReadinessConditions()
    private let state = Locked(State())

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    // MARK: Facts reported by the pipeline

    func loopTurned() { state.withLock { $0.lastTurn = .now } }

    func apply(_ event: RebalanceEvent) {
        state.withLock { state in
            state.joined = true
            switch event {
            case .assigned(let partitions): state.assigned.formUnion(partitions)
            case .revoked(let partitions): state.assigned.subtract(partitions)
            }
        }
    }

    func storeBusy() { state.withLock { if $0.storeBusySince == nil { $0.storeBusySince = .now } } }
    func storeWritable() { state.withLock { $0.storeBusySince = nil } }
    func stopping() { state.withLock { $0.stopping = true } }
    func failed(_ reason: String) { state.withLock { if $0.fatal == nil { $0.fatal = reason } } }

    // MARK: Answers

    /// Whether the poll loop turned within the stall limit (what the systemd watchdog
    /// follows: a restart cures a hang, not a broker outage nor an operator's lock).
    public var isTurning: Bool { state.withLock { ContinuousClock.now - $0.lastTurn } <= limits.loopStall }

    /// `/healthz`. `oldestOutbox` is when the oldest unpublished row was written (nil:
    /// none; a failure reading it is reported as such), `now` on the same clock.
    public func liveness(oldestOutbox: Result<Date?, Error>, now: Date) -> HealthCheck {
        let (sinceTurn, busyFor, fatal) = state.withLock { state in
            (ContinuousClock.now - state.lastTurn, state.storeBusySince.map { ContinuousClock.now - $0 }, state.fatal)
        }
        var failures: [String] = []
        if let fatal { failures.append("Kafka client failed: \(fatal)") }
        if sinceTurn > limits.loopStall {
            failures.append("the poll loop has not turned for \(Self.seconds(sinceTurn)) (limit \(Self.seconds(limits.loopStall)))")
        }
        switch oldestOutbox {
        case .success(let oldest?):
            let age = now.timeIntervalSince(oldest)
            if age > limits.outboxAge.inSeconds {
                failures.append("the oldest unpublished outbox message is \(Int(age)) s old (limit \(Self.seconds(limits.outboxAge)))")
            }
        case .success(nil):
            break
        case .failure(let error):
            failures.append("the store cannot be read: \(error)")
        }
        if let busyFor, busyFor > limits.loopStall {
            failures.append("the store cannot be written: locked by another process for \(Self.seconds(busyFor)) (limit \(Self.seconds(limits.loopStall)))")
        }
        return HealthCheck(failures: failures)
    }

    /// `/readyz`.
    public var readinessCheck: HealthCheck {
        let (joined, stopping) = state.withLock { ($0.joined, $0.stopping) }
        var failures: [String] = []
        if stopping { failures.append("stopping") }
        if !joined { failures.append("not joined to the consumer group yet (no partitions assigned)") }
        failures += readiness.unmetReasons
        return HealthCheck(failures: failures)
    }

    /// Partitions assigned to this instance now.
    public var assignedPartitions: Int { state.withLock { $0.assigned.count } }

    private static func seconds(_ duration: Duration) -> String { "\(Int(duration.inSeconds.rounded())) s" }
}
