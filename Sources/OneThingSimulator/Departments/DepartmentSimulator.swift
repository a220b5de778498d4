import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingKafka
import OneThingSupport

/// One or more department systems, simulated over Kafka: reads the departments' request
/// topics (one consumer group per department set) and answers each request in that
/// department's own schema (`Flow.encodeReply`) on its reply topic, as a binary-mode
/// CloudEvent with `ce_inreplyto` naming the request.
///
/// Like a real department it deduplicates by request `ce_id`: a resend is answered with
/// the same decision; after a `cancel` it stops answering that matter. Rates, delays,
/// acknowledgements, silence and duplicates come from `SimulatorBehaviour`.
///
/// Use: `try DepartmentSimulator(...)`, `start()`, later `await stop()`.
public final class DepartmentSimulator: Sendable {
    public let flow: Flow
    public let departments: [String]
    public let groupID: String
    private let planner: ReplyPlanner
    private let consumer: KafkaConsumer
    let producer: KafkaProducer
    private let onReply: (@Sendable (SimulatedReply) -> Void)?
    private let onProblem: (@Sendable (String) -> Void)?
    /// Each played department's signing key; empty: replies leave unsigned. Internal for
    /// the supervision answers, which are signed like replies (see `+Supervision`).
    let signatures: [String: SenderSignature]
    private let state = Locked(State())

    private struct State {
        var statistics = SimulatorStatistics()
        var deliveries: [String: Int] = [:]
        var decisions: [String: ReplyDecision] = [:]
        /// Request ce_ids whose decision is published (absent: none yet; false: waiting for its delay).
        var answered: [String: Bool] = [:]
        var cancelledMatters: Set<String> = []
        var cancels: [CancelRecord] = []
        var pending: [Int: Task<Void, Never>] = [:]
        var nextTaskID = 0
        var loop: Task<Void, Never>?
        var stopping = false
    }

    /// - Parameters:
    ///   - departments: department codes of `flow` to play.
    ///   - groupID: nil: `deptsim-<codes joined by ->`.
    ///   - onReply: called after each reply is published (for log lines).
    ///   - onProblem: called with one sentence when something goes wrong (unreadable
    ///     message, publish failure).
    ///   - keys: the keys folder holding each played department's private key
    ///     (`departments/<code>.key.pem`): replies are signed and quote the request's
    ///     digest. nil: replies leave unsigned.
    public init(flow: Flow, departments: [String], configuration: KafkaConfiguration, groupID: String? = nil,
                behaviour: SimulatorBehaviour = SimulatorBehaviour(),
                keys: KeyDirectory? = nil,
                onReply: (@Sendable (SimulatedReply) -> Void)? = nil,
                onProblem: (@Sendable (String) -> Void)? = nil) throws(SimulatorError) {
        guard !departments.isEmpty else { throw .noDepartments }
        let known = flow.departments.map(\.code)
        for code in departments where !known.contains(code) { throw .unknownDepartment(code, known: known) }
        self.flow = flow
        self.departments = departments
        self.groupID = groupID ?? "deptsim-" + departments.sorted().joined(separator: "-")
        self.planner = ReplyPlanner(flow: flow, behaviour: behaviour)
        self.onReply = onReply
        self.onProblem = onProblem
        var signatures: [String: SenderSignature] = [:]
        if let keys {
            for code in departments {
                do {
                    signatures[code] = try SenderSignature(signer: "/departments/" + code, keys: keys)
                } catch {
                    throw .keys(error.description)
                }
            }
        }
        self.signatures = signatures
        consumer = try KafkaConsumer.quick(configuration, clientID: "deptsim-consumer", groupID: self.groupID,
                                           topics: departments.map { flow.topics.requests($0) }
                                               + (flow.promises.map { [$0.supervision.topic] } ?? []))
        do {
            var producerConfiguration = configuration
            producerConfiguration.clientID = "deptsim-producer"
            producer = try KafkaProducer(configuration: producerConfiguration)
        } catch {
            throw .kafka(KafkaErrorDescription(text: error.description))
        }
    }

    // MARK: Life cycle

    /// Starts consuming in a task of its own; returns at once. Calling it again does nothing.
    public func start() {
        state.withLock { state in
            guard state.loop == nil, !state.stopping else { return }
            state.loop = Task { [self] in await self.consume() }
        }
    }

    /// Stops consuming, drops answers still waiting for their delay, commits and closes
    /// the Kafka clients. Safe to call more than once.
    public func stop() async {
        let (loop, pending) = state.withLock { state -> (Task<Void, Never>?, [Task<Void, Never>]) in
            state.stopping = true
            return (state.loop, Array(state.pending.values))
        }
        await loop?.value
        for task in pending { task.cancel() }
        for task in pending { await task.value }
        try? await consumer.close(timeout: .seconds(5))
        await producer.close(timeout: .seconds(5))
    }

    public var statistics: SimulatorStatistics { state.withLock { $0.statistics } }

    /// Every `cancel` received, in arrival order.
    public var cancellations: [CancelRecord] { state.withLock { $0.cancels } }

    /// The decision taken for a request `ce_id`, once one was taken.
    public func decision(forRequest eventID: String) -> ReplyDecision? {
        state.withLock { $0.decisions[eventID] }
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    // MARK: Consuming

    /// Polls and handles requests; commits what was handled at most every
    /// `commitInterval` (a commit is a round trip that would hold up the next poll), and
    /// once more on the way out. A restart may see a few requests again: they are
    /// answered again, which the hub tolerates (replies are deduplicated by `ce_id`).
    private func consume() async {
        let commitInterval: Duration = .milliseconds(500)
        var handled: [ConsumedMessage] = []
        var lastCommit = ContinuousClock.now
        while !stopping {
            let batch: [ConsumedMessage]
            do {
                batch = try await consumer.poll(maxMessages: 200, timeout: .milliseconds(100))
            } catch {
                onProblem?("polling the request topics failed: \(error.description)")
                try? await Task.sleep(for: .milliseconds(200))
                continue
            }
            for message in batch { handle(message) }
            handled += batch
            if !handled.isEmpty, ContinuousClock.now - lastCommit >= commitInterval {
                await commit(&handled)
                lastCommit = ContinuousClock.now
            }
        }
        if !handled.isEmpty { await commit(&handled) }
    }

    private func commit(_ handled: inout [ConsumedMessage]) async {
        do {
            try await consumer.commit(handled)
            handled.removeAll()
        } catch {
            onProblem?("committing request offsets failed: \(error.description)")
        }
    }

    private func handle(_ message: ConsumedMessage) {
        if let supervision = flow.promises?.supervision.topic, message.topic == supervision {
            schedule { [self] in await self.handleSupervision(message) }
            return
        }
        guard let department = departments.first(where: { flow.topics.requests($0) == message.topic }) else { return }
        let event: CloudEvent
        do {
            event = try CloudEventCodec.decode(headers: message.headers.map { ($0.key, $0.value) }, value: message.value)
        } catch {
            unreadable("a message on \(message.topic) at offset \(message.offset) is not a CloudEvent: \(error.description)")
            return
        }
        if event.type == flow.eventTypes.cancel {
            handleCancel(event, department: department)
        } else if event.type == flow.eventTypes.request {
            handleRequest(event, department: department)
        } else {
            unreadable("a message on \(message.topic) has the unexpected type \(event.type)")
        }
    }

    private func handleCancel(_ event: CloudEvent, department: String) {
        let data = try? JSONValue(parsing: event.data)
        guard let applicationID = data?[path: "applicationId"]?.stringValue ?? event.subject,
              let matter = data?[path: "matter"]?.stringValue ?? event.extensions["matter"] else {
            unreadable("a cancel (\(event.id)) names no application or matter")
            return
        }
        let record = CancelRecord(department: department, applicationID: applicationID, matter: matter,
                                  reason: data?[path: "reason"]?.stringValue ?? "")
        state.withLock { state in
            state.statistics.cancels += 1
            state.cancels.append(record)
            state.cancelledMatters.insert(Self.matterKey(applicationID, matter))
        }
    }

    private func handleRequest(_ event: CloudEvent, department: String) {
        guard let requestID = RequestID(parsing: event.id) else {
            unreadable("a request's ce_id \(event.id) is not <applicationId>:<matter>:r<revision>")
            return
        }
        let matter = event.extensions["matter"] ?? requestID.matter
        let applicationID = event.subject ?? requestID.applicationID
        let request = IncomingRequest(eventID: event.id, requestID: requestID, department: department, matter: matter,
                                      applicationID: applicationID, requestDigest: event.extensions["requestdigest"],
                                      facts: RequestFacts(body: event.data, contentType: event.contentType))
        let delivery = state.withLock { state -> Int? in
            state.statistics.requests += 1
            let count = (state.deliveries[event.id] ?? 0) + 1
            state.deliveries[event.id] = count
            if count > 1 { state.statistics.redeliveries += 1 }
            if state.cancelledMatters.contains(Self.matterKey(applicationID, matter)) {
                state.statistics.ignoredAfterCancel += 1
                return nil
            }
            return count
        }
        guard let delivery else { return }
        switch planner.plan(request, delivery: delivery, today: CivilDate(Date())) {
        case .silence:
            state.withLock { $0.statistics.silenced += 1 }
        case .reply(let planned):
            // A real department deduplicates by request id: a resend of a request still in
            // hand is acknowledged again, one already decided gets the same decision again.
            let answered = state.withLock { state -> Bool? in
                state.decisions[event.id] = planned.decision
                let answered = state.answered[event.id]
                if answered == nil { state.answered[event.id] = false }
                return answered
            }
            switch answered {
            case nil:
                schedule { [self] in
                    // Published: resends get the decision again. Not published (cancelled, or
                    // Kafka failed): forget it, so a resend is answered afresh.
                    let published = await self.answer(request, planned)
                    self.state.withLock { $0.answered[event.id] = published ? true : nil }
                }
            case false?:
                schedule { [self] in _ = await self.publish(request, decision: .received, duplicate: false) }
            case true?:
                schedule { [self] in _ = await self.publish(request, decision: planned.decision, duplicate: false) }
            }
        }
    }

    private func schedule(_ work: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            let id = state.nextTaskID
            state.nextTaskID += 1
            state.pending[id] = Task { [self] in
                await work()
                self.state.withLock { _ = $0.pending.removeValue(forKey: id) }
            }
        }
    }

    // MARK: Answering

    /// True once the decision is published.
    private func answer(_ request: IncomingRequest, _ planned: PlannedReply) async -> Bool {
        if planned.acknowledgeFirst, planned.decision != .received {
            guard await publish(request, decision: .received, duplicate: false) else { return false }
        }
        if planned.delay > .zero {
            do { try await Task.sleep(for: planned.delay) } catch { return false }
        }
        return await publish(request, decision: planned.decision, duplicate: planned.duplicate)
    }

    /// Publishes one reply (twice when `duplicate`); false when the matter was cancelled
    /// meanwhile or publishing failed.
    private func publish(_ request: IncomingRequest, decision: ReplyDecision, duplicate: Bool) async -> Bool {
        let cancelled = state.withLock { state -> Bool in
            let cancelled = state.cancelledMatters.contains(Self.matterKey(request.applicationID, request.matter))
            if cancelled { state.statistics.ignoredAfterCancel += 1 }
            return cancelled
        }
        if cancelled { return false }
        let document: EncodedDocument
        do {
            document = try flow.encodeReply(department: request.department, matter: request.matter,
                                            requestID: request.requestID, decision: decision)
        } catch {
            failure("cannot encode the \(decision.label) reply to \(request.eventID): \(error.description)")
            return false
        }
        let eventID = UUID().uuidString.lowercased()
        let event = CloudEvent(id: eventID, source: "/departments/" + request.department, type: flow.eventTypes.reply,
                               time: Timestamp.rfc3339(Date()), subject: request.applicationID,
                               contentType: document.contentType,
                               extensions: Self.replyExtensions(request), data: document.body)
        var message = ChannelClient.message(event, topic: flow.topics.replies(request.department),
                                            key: request.applicationID, mode: .binary)
        if let signature = signatures[request.department] {
            do {
                message = try signature.sign(message)
            } catch {
                failure("cannot sign the reply to \(request.eventID): \(error.description)")
                return false
            }
        }
        for copy in 0..<(duplicate ? 2 : 1) {
            do {
                _ = try await producer.send(message)
            } catch {
                failure("cannot publish the reply to \(request.eventID): \(error.description)")
                return false
            }
            state.withLock { state in
                if copy > 0 { state.statistics.duplicates += 1; return }
                switch decision {
                case .received: state.statistics.acknowledgements += 1
                case .approved: state.statistics.approvals += 1
                case .rejected: state.statistics.rejections += 1
                case .supplementRequired: state.statistics.supplements += 1
                case .interfaceFailure: state.statistics.interfaceFailures += 1
                }
            }
            onReply?(SimulatedReply(department: request.department, applicationID: request.applicationID,
                                    matter: request.matter, requestID: request.eventID, eventID: eventID,
                                    decision: decision, duplicate: copy > 0))
        }
        return true
    }

    func unreadable(_ problem: String) {
        state.withLock { $0.statistics.unreadable += 1 }
        onProblem?(problem)
    }

    func failure(_ problem: String) {
        state.withLock { $0.statistics.failures += 1 }
        onProblem?(problem)
    }

    /// `ce_matter`, `ce_inreplyto`, and `ce_requestdigest` quoted from the request when it
    /// carried one (the hub binds the reply to the request by it).
    private static func replyExtensions(_ request: IncomingRequest) -> [String: String] {
        var extensions = ["matter": request.matter, "inreplyto": request.eventID]
        if let digest = request.requestDigest { extensions["requestdigest"] = digest }
        return extensions
    }

    private static func matterKey(_ applicationID: String, _ matter: String) -> String { applicationID + "|" + matter }
}
