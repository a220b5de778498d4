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
    /// The producer's `message.max.bytes`: a larger message is set aside, not enqueued.
    let outgoingLimit: Int
    /// Where state records go (nil: none are written).
    let changelog: StateChangelog?
    /// The partitions this instance owns; nil: it owns everything (a lone hub in tests
    /// and the benchmark's logic probe), so nothing is forwarded or held back.
    let ownership: PartitionOwnership?
    /// The evidence log's rules (nil: no evidence is kept).
    let evidence: EvidenceLog?

    init(engine: HubEngine, store: CorrelationStore, logger: HubLogger = HubLogger(minimumLevel: .critical),
         changelog: StateChangelog? = nil,
         maxMessageBytes: Int = MessageSizeLimit.defaultMaxMessageBytes,
         outgoingLimit: Int = MessageSizeLimit.defaultProducerMessageMaxBytes, ownership: PartitionOwnership? = nil,
         trust: MessageTrust? = nil, evidence: EvidenceLog? = nil) {
        self.engine = engine
        self.evidence = evidence
        self.outgoingLimit = outgoingLimit
        self.router = InboundRouter(flow: engine.flow, maxMessageBytes: maxMessageBytes, trust: trust)
        self.store = store
        self.logger = logger
        self.changelog = changelog
        self.ownership = ownership
    }

    /// Decides what each message means (decoding, parsing, routing): pure, so it runs on
    /// any thread (`HubService` routes a polled batch on its loop's side, before handing
    /// it to the store worker).
    func route(_ batch: [ConsumedMessage]) -> RoutedBatch {
        RoutedBatch(messages: batch, inbound: batch.map(router.route),
                    evidenceDigests: evidence.map { evidence in batch.map(evidence.consumedDigest) } ?? [])
    }

    /// `route`, with the batch split over the machine's cores: decoding and the evidence
    /// digests need nothing but the message, while the store transaction that follows is
    /// serial. Batches of a few messages are not worth the hand-off.
    func routeInParallel(_ batch: [ConsumedMessage], minimumPerShare: Int = 16) throws -> RoutedBatch {
        let shares = min(ProcessInfo.processInfo.activeProcessorCount, batch.count / minimumPerShare)
        guard shares > 1 else { return route(batch) }
        let results = IndexedResults<(Inbound, String?)>(count: batch.count)
        let size = (batch.count + shares - 1) / shares
        let evidence = evidence
        DispatchQueue.concurrentPerform(iterations: shares) { share in
            let range = (share * size)..<min(batch.count, (share + 1) * size)
            results.store(range.map { ($0, (router.route(batch[$0]), evidence?.consumedDigest(batch[$0]))) })
        }
        let routed = try results.inOrder()
        return RoutedBatch(messages: batch, inbound: routed.map(\.0), evidenceDigests: evidence == nil ? [] : routed.map(\.1))
    }

    /// One write transaction for a routed batch: de-duplicate, apply, enqueue effects.
    ///
    /// De-duplicate in batch order (the store), then evaluate and write chunk by chunk of
    /// applications (see `EvaluationPlan`): the engine runs on the pool for the next
    /// chunk while this thread writes the current one's effects (history, outbox, the
    /// saved records). Within an application, effects are written in batch order, so
    /// each application's outbox rows are exactly what applying the messages one by one
    /// would have written. `published` outbox rows (acknowledged by the broker, see
    /// `PublishedMarks`) are deleted in the same transaction.
    func process(_ batch: RoutedBatch, now: Date, published: [Int64] = []) throws -> ProcessedWork {
        try store.write { writer in
            if !published.isEmpty { try writer.markPublished(ids: published) }
            var session = BatchTransaction(writer: writer, engine: engine, now: now, logger: logger, changelog: changelog,
                                           outgoingLimit: outgoingLimit, evidence: evidence)
            var steps: [BatchStep] = []
            var inputs: [(id: String, input: EngineInput)] = []
            var orders: [(message: ConsumedMessage, order: AdministratorOrder, digest: String?)] = []
            steps.reserveCapacity(batch.messages.count)
            for (position, (message, inbound)) in zip(batch.messages, batch.inbound).enumerated() {
                session.work.consumedByTopic[message.topic, default: 0] += 1
                let digest = batch.evidenceDigest(position)
                switch inbound {
                case .apply(let applicationID, let input, let dedupKey):
                    if try forwardIfStray(message, applicationID: applicationID, writer: writer, now: now, in: &session) {
                        continue
                    }
                    guard try writer.markProcessed(eventID: dedupKey, at: now, applicationID: applicationID) else {
                        session.work.duplicates += 1
                        continue
                    }
                    steps.append(.apply(message, input: inputs.count, digest: digest))
                    inputs.append((applicationID, input))
                    if ownership != nil { session.partitions[applicationID] = message.partition }
                case .deadLetter(let verdict, let intakeKey):
                    if let intakeKey,
                       try forwardIfStray(message, applicationID: intakeKey, writer: writer, now: now, in: &session,
                                          tooLarge: verdict.code == DeadLetterVerdict.tooLarge) {
                        continue
                    }
                    let position = DeadLetters.positionKey(message, repartitionTopic: engine.flow.topics.repartition)
                    guard try writer.markProcessed(eventID: position, at: now, applicationID: intakeKey) else {
                        session.work.duplicates += 1
                        continue
                    }
                    if let intakeKey {
                        steps.append(.deadLetter(message, verdict, tellApplication: inputs.count, digest: digest))
                        inputs.append((intakeKey, .unusableIntake(eventID: nil, code: verdict.code, reason: verdict.reason,
                                                                source: position)))
                        if ownership != nil { session.partitions[intakeKey] = message.partition }
                    } else {
                        steps.append(.deadLetter(message, verdict, tellApplication: nil, digest: digest))
                    }
                case .order(let order, let dedupKey):
                    if try forwardIfStray(message, applicationID: order.applicationID, writer: writer, now: now, in: &session) {
                        continue
                    }
                    guard try writer.markProcessed(eventID: dedupKey, at: now, applicationID: order.applicationID) else {
                        session.work.duplicates += 1
                        continue
                    }
                    orders.append((message, order, digest))
                }
            }
            let plan = EvaluationPlan(inputIDs: inputs.map(\.id))
            let starts = try session.startingRecords(plan)
            let engine = engine, evaluationInputs = inputs, evidence = evidence
            // The first chunk is evaluated while this thread waits for it: split over the
            // cores from a few inputs on (a small batch at low load is one chunk, and its
            // evaluation is most of the hop). Later chunks overlap this thread's writes,
            // so they are split only when large.
            let evaluate: @Sendable (Int) -> [(Int, EvaluatedStep)] = { chunk in
                BatchTransaction.evaluate(plan.chunks[chunk], of: plan, starts: starts, inputs: evaluationInputs,
                                          engine: engine, now: now, evidence: evidence, minimumPerShare: chunk == 0 ? 4 : 32)
            }
            // Steps by chunk, each in batch order; a dead letter of no application goes first.
            var stepsByChunk = Array(repeating: [BatchStep](), count: max(1, plan.chunks.count))
            for step in steps { stepsByChunk[step.input.map { plan.chunkOfInput[$0] } ?? 0].append(step) }
            var results = [EvaluatedStep?](repeating: nil, count: inputs.count)
            var evaluated = plan.chunks.isEmpty ? [] : evaluate(0)
            for chunk in stepsByChunk.indices {
                for (index, result) in evaluated { results[index] = result }
                // The next chunk is evaluated on the pool while this one is written here.
                let next = chunk + 1 < plan.chunks.count ? BackgroundEvaluation { evaluate(chunk + 1) } : nil
                for step in stepsByChunk[chunk] {
                    try write(step, results: results, inputs: inputs, in: &session)
                }
                // Every application of the batch is in one chunk: saved here, once.
                if chunk < plan.chunks.count { try session.saveChanged(plan.applications[plan.chunks[chunk]]) }
                evaluated = try next?.wait() ?? []
            }
            if !orders.isEmpty {
                for (message, order, digest) in orders {
                    try session.recordConsumed(message, applicationID: order.applicationID, digest: digest)
                    try carryOut(order, from: message, in: &session)
                }
                try session.saveChanged()
            }
            try session.finishEvidence()
            return session.work
        }
    }

    /// Forwards `message` to its application's owner partition when it arrived elsewhere
    /// (see `Forwarding`); true when it was forwarded (or had been: a repeat delivery).
    private func forwardIfStray(_ message: ConsumedMessage, applicationID: String, writer: StoreWriter, now: Date,
                                in session: inout BatchTransaction, tooLarge: Bool = false) throws -> Bool {
        guard try Forwarding.target(of: message, applicationID: applicationID, repartitionTopic: engine.flow.topics.repartition,
                                    ownership: ownership, writer: writer) != nil else { return false }
        if try writer.markProcessed(eventID: Forwarding.positionKey(message), at: now) {
            try session.forward(message, applicationID: applicationID, tooLarge: tooLarge)
        } else {
            session.work.duplicates += 1
        }
        return true
    }

    /// An order from the orders topic, after the batch's other inputs: recorded as an
    /// order of this store (so `hubctl --store` on the owner lists it with its result)
    /// with the operator's name in the history, and carried out at once, in this
    /// transaction, so its effects and its de-duplication key reach the state topic with
    /// the offset that consumed it (an order waiting in one instance's store would be
    /// lost with its disk).
    private func carryOut(_ order: AdministratorOrder, from message: ConsumedMessage,
                          in session: inout BatchTransaction) throws {
        let writer = session.writer, now = session.now
        guard try writer.application(id: order.applicationID) != nil else {
            try session.deadLetter(message, verdict: DeadLetterVerdict(
                code: DeadLetterVerdict.unknownApplication,
                reason: "The order names application \(order.applicationID), which the owner of its partition does not hold."))
            return
        }
        let kind: AdminOrder.Kind
        let described: String
        var matter: String?
        switch order.kind {
        case .resend(let code):
            kind = .resend(matter: code)
            described = "a resend of \(code)"
            matter = code
        case .withdraw(let reason):
            kind = .withdraw(reason: reason)
            described = "the withdrawal"
        }
        let id = try writer.recordOrder(applicationID: order.applicationID, kind: kind, requestedBy: order.requestedBy,
                                        at: order.requestedAt)
        try writer.appendHistory(HistoryEntry(
            applicationID: order.applicationID, at: now, kind: "order-recorded", matter: matter,
            detail: "Operator \(order.requestedBy) ordered \(described) (order \(id), through \(message.topic))."))
        let recorded = AdminOrder(id: id, applicationID: order.applicationID, kind: kind, requestedBy: order.requestedBy,
                                  requestedAt: order.requestedAt)
        if try session.requeueUndeliverable(for: recorded) { return }
        let result = try session.apply(.order(recorded), to: order.applicationID)
        try writer.completeOrder(id: id, result: result.orderResult ?? "Done.", at: now)
        session.work.ordersDone += 1
    }

    /// Writes one message's effects: its engine result (history, outbox, the record kept
    /// for saving) and its dead letter, if any.
    private func write(_ step: BatchStep, results: [EvaluatedStep?], inputs: [(id: String, input: EngineInput)],
                       in session: inout BatchTransaction) throws {
        switch step {
        case .apply(let message, let index, let digest):
            guard let evaluated = results[index] else { throw IndexedResultMissing() }
            let result = evaluated.result
            try session.recordConsumed(message, applicationID: inputs[index].id, digest: digest)
            try session.write(result, of: inputs[index].id, evidenceDigests: evaluated.evidenceDigests)
            if let verdict = result.deadLetter {
                try session.deadLetter(message, verdict: verdict, applicationID: result.record == nil ? nil : inputs[index].id)
            }
        case .deadLetter(let message, let verdict, let index, let digest):
            try session.recordConsumed(message, applicationID: index.map { inputs[$0].id }, digest: digest)
            try session.deadLetter(message, verdict: verdict, applicationID: index.map { inputs[$0].id })
            if let index {
                guard let evaluated = results[index] else { throw IndexedResultMissing() }
                try session.write(evaluated.result, of: inputs[index].id, evidenceDigests: evaluated.evidenceDigests)
            }
        }
    }

    /// One write transaction for the applications whose timers are due and the pending
    /// administrators' orders.
    func processTimersAndOrders(now: Date, limit: Int = 500, published: [Int64] = []) throws -> ProcessedWork {
        try store.write { writer in
            if !published.isEmpty { try writer.markPublished(ids: published) }
            var session = BatchTransaction(writer: writer, engine: engine, now: now, logger: logger, changelog: changelog,
                                           outgoingLimit: outgoingLimit, evidence: evidence)
            // Only the owner of an application's partition keeps its clock and carries out
            // its orders; an instance that owns nothing (not assigned yet) does nothing.
            let owned = ownership.map { Set($0.ownedPartitions) }
            if let owned, owned.isEmpty {
                try session.finishEvidence(checkpoints: true)
                return session.work
            }
            let due = try owned.map { owned throws(StoreError) in
                try writer.applicationsWithTimersDue(now: now, limit: limit, partitions: owned)
            } ?? writer.applicationsWithTimersDue(now: now, limit: limit)
            for id in due {
                try session.apply(.tick, to: id)
                session.work.timersFired += 1
            }
            session.work.moreTimersDue = due.count == limit
            let orders = try owned.map { owned throws(StoreError) in
                try writer.pendingOrders(limit: 100, partitions: owned)
            } ?? writer.pendingOrders(limit: 100)
            for order in orders {
                if try session.requeueUndeliverable(for: order) { continue }
                let result = try session.apply(.order(order), to: order.applicationID)
                try writer.completeOrder(id: order.id, result: result.orderResult ?? "Done.", at: now)
                session.work.ordersDone += 1
            }
            try session.saveChanged()
            try session.finishEvidence(checkpoints: true)
            return session.work
        }
    }
}

/// A consumed batch with what each message means, in consumption order.
struct RoutedBatch: Sendable {
    let messages: [ConsumedMessage]
    let inbound: [Inbound]
    /// Each message's `EvidenceLog.consumedDigest`, computed while routing; empty when
    /// not computed (no evidence log: nothing to digest).
    var evidenceDigests: [String?] = []
    var isEmpty: Bool { messages.isEmpty }

    func evidenceDigest(_ position: Int) -> String? {
        position < evidenceDigests.count ? evidenceDigests[position] : nil
    }

    /// The messages at `positions`, with what routing found for them.
    func keeping(_ positions: [Int]) -> RoutedBatch {
        RoutedBatch(messages: positions.map { messages[$0] }, inbound: positions.map { inbound[$0] },
                    evidenceDigests: evidenceDigests.isEmpty ? [] : positions.map { evidenceDigests[$0] })
    }
}

/// One message of a batch in the write pass, pointing at its engine input (if any), with
/// its evidence digest if routing computed it.
private enum BatchStep {
    case apply(ConsumedMessage, input: Int, digest: String?)
    /// Dead-lettered; intake that names its application also tells it (`invalid`).
    case deadLetter(ConsumedMessage, DeadLetterVerdict, tellApplication: Int?, digest: String?)

    /// The engine input this message feeds, if any.
    var input: Int? {
        switch self {
        case .apply(_, let input, _): return input
        case .deadLetter(_, _, let input, _): return input
        }
    }
}
