import Foundation
import OneThingExchange
import OneThingKafka
import OneThingHub
import OneThingStore

/// The hub's own logic with Kafka and SQLite taken away: routing (CloudEvent decoding,
/// JSON parsing) and the engine (validation, planning, translation, status snapshots),
/// applied to applications one message at a time, with records kept in a dictionary.
///
/// Why it exists: the benchmark's hub run is noisy on a small machine (other threads,
/// the broker, the disk), while this loop is synchronous, single-threaded and
/// deterministic, so valgrind's callgrind can count its instructions repeatably and two
/// builds of the engine can be compared exactly. It runs the same `InboundRouter` (the
/// hub's `package` API for this) and `HubEngine` as the pipeline, not a copy.
struct HubLogicProbe: Sendable {
    /// What a run did, to check it did the whole lifecycle and to divide costs by.
    struct Figures: Sendable {
        var applications = 0
        /// Applications whose state ended `completed`.
        var completed = 0
        /// Messages routed into the engine (intake and replies).
        var consumed = 0
        /// Messages the engine produced (requests, cancels, status snapshots).
        var produced = 0
        /// Messages that did not reach the engine (dead letters), which a valid
        /// workload should never have.
        var deadLettered = 0
        /// CPU time of the calling thread over the run.
        var cpu = Duration.zero
    }

    let engine: HubEngine
    private let router: InboundRouter

    init(engine: HubEngine) {
        self.engine = engine
        self.router = InboundRouter(flow: engine.flow)
    }

    /// Applies each intake message, then, breadth first, every reply `answer` gives for
    /// the requests that produced, until no request is left unanswered.
    /// - Parameter answer: a department's reply to one request message, as consumed by
    ///   the hub; nil for messages that need none (status snapshots, cancels).
    func run(intake: [ConsumedMessage], now: Date,
                    answer: (EngineMessage) -> ConsumedMessage?) -> Figures {
        var figures = Figures()
        var records: [String: ApplicationRecord] = [:]
        records.reserveCapacity(intake.count)
        let started = ThreadCPUClock.now()
        var pending = intake
        while !pending.isEmpty {
            var next: [ConsumedMessage] = []
            for message in pending {
                guard case .apply(let applicationID, let input, _) = router.route(message) else {
                    figures.deadLettered += 1
                    continue
                }
                figures.consumed += 1
                let result = engine.apply(input, applicationID: applicationID, record: records[applicationID], now: now)
                if let record = result.record { records[applicationID] = record }
                figures.produced += result.messages.count
                for produced in result.messages {
                    if let reply = answer(produced) { next.append(reply) }
                }
            }
            pending = next
        }
        figures.cpu = ThreadCPUClock.now() - started
        figures.applications = records.count
        figures.completed = records.values.reduce(0) { $0 + ($1.state == .completed ? 1 : 0) }
        return figures
    }
}
