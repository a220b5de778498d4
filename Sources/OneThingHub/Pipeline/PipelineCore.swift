import Foundation
import OneThingExchange
import OneThingKafka
import OneThingStore

/// The synchronous heart of the pipeline: everything that happens inside one store
/// transaction, for a batch of consumed messages or for a round of timers and orders.
/// Publishing and committing offsets happen after it returns (see `HubService`).
struct PipelineCore: Sendable {
    let engine: HubEngine
    let router: InboundRouter
    let store: CorrelationStore
    let logger: HubLogger

    init(engine: HubEngine, store: CorrelationStore, logger: HubLogger = HubLogger(minimumLevel: .critical)) {
        self.engine = engine
        self.router = InboundRouter(flow: engine.flow)
        self.store = store
        self.logger = logger
    }

    /// One write transaction for the whole batch: de-duplicate, apply, enqueue effects.
    func process(_ batch: [ConsumedMessage], now: Date) throws -> ProcessedWork {
        try store.write { writer in
            var session = StoreSession(writer: writer, engine: engine, now: now, logger: logger)
            for message in batch {
                session.work.consumedByTopic[message.topic, default: 0] += 1
                switch router.route(message) {
                case .apply(let applicationID, let input, let dedupKey):
                    guard try writer.markProcessed(eventID: dedupKey, at: now) else {
                        session.work.duplicates += 1
                        continue
                    }
                    let result = try session.apply(input, to: applicationID)
                    if let verdict = result.deadLetter { try session.deadLetter(message, verdict: verdict) }
                case .deadLetter(let verdict, let intakeKey):
                    guard try writer.markProcessed(eventID: DeadLetters.positionKey(message), at: now) else {
                        session.work.duplicates += 1
                        continue
                    }
                    try session.deadLetter(message, verdict: verdict)
                    if let intakeKey {
                        try session.apply(.unusableIntake(eventID: nil, code: verdict.code, reason: verdict.reason),
                                          to: intakeKey)
                    }
                }
            }
            try session.saveChanged()
            return session.work
        }
    }

    /// One write transaction for the applications whose timers are due and the pending
    /// administrators' orders.
    func processTimersAndOrders(now: Date, limit: Int = 500) throws -> ProcessedWork {
        try store.write { writer in
            var session = StoreSession(writer: writer, engine: engine, now: now, logger: logger)
            let due = try writer.applicationsWithTimersDue(now: now, limit: limit)
            for id in due {
                try session.apply(.tick, to: id)
                session.work.timersFired += 1
            }
            session.work.moreTimersDue = due.count == limit
            for order in try writer.pendingOrders(limit: 100) {
                let result = try session.apply(.order(order), to: order.applicationID)
                try writer.completeOrder(id: order.id, result: result.orderResult ?? "Done.", at: now)
                session.work.ordersDone += 1
            }
            try session.saveChanged()
            return session.work
        }
    }
}
