import Foundation
import OneThingEvidence
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingSupport

/// One store transaction of the pipeline: applies engine inputs to applications, keeping
/// each touched application in memory for the rest of the transaction (a batch often
/// carries several events of one application), appends history, writes every effect to
/// the outbox, and saves each changed application once at the end, writing only what
/// differs from the stored version.
struct BatchTransaction {
    let writer: StoreWriter
    let engine: HubEngine
    let now: Date
    let logger: HubLogger
    /// Where each saved application's state record goes; nil: no state records.
    let changelog: StateChangelog?
    var work = ProcessedWork()
    /// `StoreWriter.outboxPublishedThrough()` of this transaction, asked at the first record.
    private var publishedThrough: Int64??
    /// The partition each application's input was applied on: recorded as its owner
    /// partition when the application is first stored (nil map: partitions not tracked).
    var partitions: [String: Int32] = [:]

    private var stored: [String: ApplicationRecord] = [:]
    private var missing: Set<String> = []
    private var working: [String: ApplicationRecord] = [:]
    private var changedOrder: [String] = []

    /// The producer's `message.max.bytes` (see `MessageSizeLimit`).
    let outgoingLimit: Int
    /// Where every message consumed or produced is recorded (nil: no evidence log).
    let evidence: EvidenceLog?
    /// Links this transaction's evidence rows into the chain.
    private var evidenceChain = EvidenceAppender()

    init(writer: StoreWriter, engine: HubEngine, now: Date, logger: HubLogger, changelog: StateChangelog? = nil,
         outgoingLimit: Int = MessageSizeLimit.defaultProducerMessageMaxBytes, evidence: EvidenceLog? = nil) {
        self.outgoingLimit = outgoingLimit
        self.evidence = evidence
        self.writer = writer
        self.engine = engine
        self.now = now
        self.logger = logger
        self.changelog = changelog
    }

    private mutating func record(_ id: String) throws -> ApplicationRecord? {
        if let current = working[id] { return current }
        if let current = stored[id] { return current }
        if missing.contains(id) { return nil }
        let loaded = try writer.application(id: id)
        if let loaded { stored[id] = loaded } else { missing.insert(id) }
        return loaded
    }

    /// Applies one input and writes its effects (except a dead letter, which needs the
    /// original message: see `deadLetter`).
    @discardableResult
    mutating func apply(_ input: EngineInput, to id: String) throws -> EngineResult {
        let current = try record(id)
        let result = engine.apply(input, applicationID: id, record: current, now: now)
        try write(result, of: id)
        return result
    }

    /// Each application's record as it stands before the plan's inputs (loaded serially:
    /// only this touches the store), by position in `plan.applications`.
    mutating func startingRecords(_ plan: EvaluationPlan) throws -> [ApplicationRecord?] {
        var starts: [ApplicationRecord?] = []
        starts.reserveCapacity(plan.applications.count)
        for id in plan.applications { starts.append(try record(id)) }
        return starts
    }

    /// Runs the engine for the inputs of one chunk of the plan's applications and returns
    /// (input index, result) pairs, writing nothing (`write` each result afterwards).
    /// With an evidence log, each result comes with the evidence digests of its messages
    /// (SM3 over each message: as much work as the engine's step, and as pure).
    ///
    /// Each application's inputs are applied in order, one after the other, but different
    /// applications run on different cores. The engine is pure and `starts` is already
    /// loaded, so this touches no store and may run on any thread: the results are
    /// exactly those of applying the inputs one by one.
    static func evaluate(_ chunk: Range<Int>, of plan: EvaluationPlan, starts: [ApplicationRecord?],
                         inputs: [(id: String, input: EngineInput)], engine: HubEngine, now: Date,
                         evidence: EvidenceLog? = nil, minimumPerShare: Int = 32) -> [(Int, EvaluatedStep)] {
        let inputCount = plan.inputsByApplication[chunk].reduce(0) { $0 + $1.count }
        let evaluateApplication: @Sendable (Int) -> [(Int, EvaluatedStep)] = { position in
            var local: [(Int, EvaluatedStep)] = []
            let id = plan.applications[position]
            var current = starts[position]
            for index in plan.inputsByApplication[position] {
                let result = engine.apply(inputs[index].input, applicationID: id, record: current, now: now)
                if result.recordChanged { current = result.record }
                local.append((index, EvaluatedStep(result: result, evidenceDigests: evidence.map { evidence in
                    result.messages.map(evidence.producedDigest)
                } ?? [])))
            }
            return local
        }
        guard min(ProcessInfo.processInfo.activeProcessorCount, inputCount / minimumPerShare) > 1 else {
            return chunk.flatMap(evaluateApplication)
        }
        // One iteration per application: the cores take the next application as they come
        // free, so a core taken by another process holds up at most one application.
        let results = Locked<[(Int, EvaluatedStep)]>([])
        DispatchQueue.concurrentPerform(iterations: chunk.count) { offset in
            let local = evaluateApplication(chunk.lowerBound + offset)
            results.withLock { $0.append(contentsOf: local) }
        }
        return results.withLock { $0 }
    }

    /// Writes one result of `evaluate` (or of the engine): the changed record is kept for
    /// `saveChanged`, its history appended, its messages put in the outbox.
    /// `evidenceDigests`: the messages' digests from `evaluate` (empty: computed here).
    mutating func write(_ result: EngineResult, of id: String, evidenceDigests: [String?] = []) throws {
        if result.recordChanged, let changed = result.record {
            if working[id] == nil { changedOrder.append(id) }
            working[id] = changed
        }
        for entry in result.history { try writer.appendHistory(entry) }
        for (index, message) in result.messages.enumerated() {
            try enqueue(topic: message.topic, key: Array(message.key.utf8), value: message.value, headers: message.headers,
                        applicationID: id, evidenceDigest: index < evidenceDigests.count ? evidenceDigests[index] : nil)
        }
        work.applied += 1
        log(result, applicationID: id)
    }

    /// One line per status event: final outcomes at info, the rest at debug. Only ids,
    /// states and codes are logged, never the form, so no personal data reaches the log.
    private func log(_ result: EngineResult, applicationID: String) {
        for event in result.events {
            let final = event.event == "completed" || event.event == "withdrawn"
            logger.log(final ? .info : .debug, final ? "application final" : "application event", [
                .string("applicationId", applicationID), .string("event", event.event),
                .string("matter", event.matter ?? "-"), .string("state", result.record?.state.rawValue ?? "invalid"),
            ])
        }
        if let order = result.orderResult {
            logger.info("order carried out", [.string("applicationId", applicationID), .string("result", order)])
        }
    }

    /// `applicationID`: the application the message was about, when it names one (its
    /// state record then carries the dead letter until it is published).
    mutating func deadLetter(_ message: ConsumedMessage, verdict: DeadLetterVerdict, applicationID: String? = nil) throws {
        let repartition = engine.flow.topics.repartition
        try writer.recordDeadLetter(DeadLetters.record(for: message, verdict: verdict, at: now, repartitionTopic: repartition))
        let payload = DeadLetters.payload(for: message, verdict: verdict, repartitionTopic: repartition)
        try enqueue(topic: engine.flow.topics.deadletter, key: payload.key, value: payload.value ?? [],
                    headers: DeadLetters.headers(for: message, verdict: verdict, at: now, repartitionTopic: repartition),
                    applicationID: applicationID)
        work.deadLettersByCode[verdict.code, default: 0] += 1
    }

    /// Puts a stray input on the repartition topic for its owner (see `Forwarding`);
    /// `tooLarge`: only its bounded copy (see `Forwarding.boundedCopy`).
    mutating func forward(_ message: ConsumedMessage, applicationID: String, tooLarge: Bool = false) throws {
        let copy = tooLarge ? Forwarding.boundedCopy(of: message)
                            : (value: message.value ?? [], headers: Forwarding.headers(for: message))
        try enqueue(topic: engine.flow.topics.repartition, key: Array(applicationID.utf8), value: copy.value,
                    headers: copy.headers, applicationID: nil)
        work.forwarded += 1
    }

    /// Puts a message into the outbox, unless Kafka could never take it: a message over
    /// the producer's limit is set aside at once (see `Undeliverable`), so no row that
    /// must fail waits in the outbox.
    private mutating func enqueue(topic: String, key: [UInt8]?, value: [UInt8], headers: [StoredHeader],
                                  applicationID: String?, partition: Int32? = nil, evidenceDigest: String? = nil) throws {
        if MessageSizeLimit.wireSize(key: key, value: value, headers: headers) > outgoingLimit {
            let outcome = try Undeliverable(writer: writer, flow: engine.flow, now: now, outgoingLimit: outgoingLimit)
                .refuseOversized(topic: topic, key: key, value: value, headers: headers)
            if let letter = outcome.deadLetter { work.outbox.append(letter) }
            work.undeliverable.append(outcome)
            return
        }
        let id = try writer.enqueue(topic: topic, key: key, value: value, headers: headers, at: now,
                                    applicationID: applicationID, partition: partition)
        work.outbox.append(OutboxMessage(id: id, topic: topic, key: key, value: value, headers: headers, partition: partition))
        if let evidence, evidence.records(topic: topic) {
            try evidenceChain.append(evidence.produced(topic: topic, key: key, value: value, headers: headers,
                                                       applicationID: applicationID, at: now, digest: evidenceDigest), to: writer)
        }
    }

    // MARK: Evidence

    /// Records a consumed message in the evidence log, before its effects. `digest`: its
    /// `EvidenceLog.consumedDigest`, if computed while routing.
    mutating func recordConsumed(_ message: ConsumedMessage, applicationID: String?, digest: String? = nil) throws {
        guard let evidence, evidence.recordsConsumed(message) else { return }
        try evidenceChain.append(evidence.consumed(message, applicationID: applicationID, at: now, digest: digest), to: writer)
    }

    /// Ends the transaction's part of the evidence log: a signed checkpoint when one is
    /// due (`checkpoints`: the timer round asks), then one message with every row of the
    /// transaction for the evidence topic.
    mutating func finishEvidence(checkpoints: Bool = false) throws {
        guard let evidence else { return }
        if checkpoints, let key = evidence.settings.checkpointKey, try evidence.checkpointDue(at: now, reader: writer) {
            if try evidenceChain.checkpoint(at: now, signer: evidence.settings.signer, key: key, to: writer) != nil {
                evidence.checkpointWritten(at: now)
            }
        }
        guard let message = evidence.topicMessage(evidenceChain.appended, at: now) else { return }
        try enqueue(topic: message.topic, key: Array(message.key.utf8), value: message.value, headers: message.headers,
                    applicationID: nil)
    }

    /// A resend order for a matter with messages set aside as undeliverable puts those
    /// messages back into the outbox, bytes unchanged (a request keeps its `ce_id`), and
    /// is done; returns false when there were none (the engine resends as usual).
    mutating func requeueUndeliverable(for order: AdminOrder) throws -> Bool {
        guard case .resend(let matter) = order.kind else { return false }
        let requeued = try writer.requeueUndeliverable(applicationID: order.applicationID, matter: matter, at: now)
        guard !requeued.isEmpty else { return false }
        work.outbox.append(contentsOf: requeued)
        let result = "Requeued \(requeued.count) undeliverable message\(requeued.count == 1 ? "" : "s") of \(matter) "
            + "with \(requeued.count == 1 ? "its" : "their") original id."
        try writer.appendHistory(HistoryEntry(applicationID: order.applicationID, at: now, kind: "order", matter: matter,
                                              detail: "\(result) Ordered by \(order.requestedBy)."))
        try writer.completeOrder(id: order.id, result: result, at: now)
        work.ordersDone += 1
        logger.info("order carried out", [.string("applicationId", order.applicationID), .string("result", result)])
        return true
    }

    /// Saves every application changed in this transaction and not saved yet.
    mutating func saveChanged() throws {
        try saveChanged(changedOrder)
    }

    /// Saves those of `ids` changed in this transaction and not saved yet. An application
    /// saved here is saved again by a later call only if it changed again since. With a
    /// changelog, each saved application's state record goes into the outbox after them:
    /// every message the application enqueued in this transaction is in by then (each
    /// application is saved once its inputs of the batch are all written).
    ///
    /// The records are gathered from the store in order, encoded on all cores (encoding
    /// is most of a record's cost and needs nothing but the record), then enqueued in the
    /// same order: the outbox gets the same rows with the same ids as saving and
    /// enqueueing one application after the other (a state record belongs to no
    /// application's pending messages, so no record sees another).
    mutating func saveChanged(_ ids: some Sequence<String>) throws {
        var states: [StateRecord] = []
        for id in ids {
            guard var record = working.removeValue(forKey: id) else { continue }
            if let changelog, let epoch = changelog.epoch(id) { record.ownerEpoch = epoch }
            let previous = stored[id]
            try writer.save(record, previous: previous)
            if previous == nil, let partition = partitions[id] { try writer.assignPartition(partition, toApplication: id) }
            stored[id] = record
            if let changelog { states.append(try stateRecord(of: record, for: changelog)) }
        }
        guard let changelog, !states.isEmpty else { return }
        for (state, value) in zip(states, try Self.encodeInParallel(states)) {
            try enqueue(topic: changelog.topic, key: Array(state.application.id.utf8), value: value,
                        headers: StateRecordCodec.headers(of: state), applicationID: nil,
                        partition: changelog.partition(state.application.id))
            work.stateRecords += 1
        }
    }

    private mutating func stateRecord(of record: ApplicationRecord, for changelog: StateChangelog) throws -> StateRecord {
        if publishedThrough == nil { publishedThrough = .some(try writer.outboxPublishedThrough()) }
        return try writer.stateRecord(of: record, writer: changelog.writer, publishedThrough: publishedThrough ?? nil)
    }

    /// `StateRecordCodec.encode` of each record, in order, split over the cores from a
    /// few records on.
    static func encodeInParallel(_ states: [StateRecord], minimumPerShare: Int = 4) throws -> [[UInt8]] {
        guard min(ProcessInfo.processInfo.activeProcessorCount, states.count / minimumPerShare) > 1 else {
            return states.map(StateRecordCodec.encode)
        }
        // One iteration per record (see `evaluate`).
        let results = IndexedResults<[UInt8]>(count: states.count)
        DispatchQueue.concurrentPerform(iterations: states.count) { index in
            results.store([(index, StateRecordCodec.encode(states[index]))])
        }
        return try results.inOrder()
    }
}

/// An engine result with the evidence digests of its messages (`EvidenceLog.producedDigest`,
/// by message; empty when there is no evidence log), computed together off the serial path.
struct EvaluatedStep: Sendable {
    let result: EngineResult
    let evidenceDigests: [String?]
}
