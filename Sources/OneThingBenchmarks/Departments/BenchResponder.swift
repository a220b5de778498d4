import Foundation
import OneThingExchange
import OneThingHub
import OneThingKafka
import OneThingSupport

/// In-process departments that approve every request at once: one consumer on every
/// request topic, one producer on the reply topics. Leaner than `DepartmentSimulator`
/// (no task and no awaited delivery per reply, no parsing of the request body), so the
/// hub, not the departments, is what the benchmark measures.
///
/// When `recording` it keeps, per application, when each request arrived (poll
/// returned it) and when each reply was handed to librdkafka, for the hop latency.
final class BenchResponder: Sendable {
    struct Event: Sendable {
        enum Kind: Sendable { case requestArrived, replySent }
        let kind: Kind
        let matter: String
        let at: BenchInstant
        /// Wall clock (seconds since 1970): when the reply was sent, or the request's
        /// Kafka CreateTime (stamped by the hub's producer when it handed it over).
        let wall: Double
    }

    struct Figures: Sendable {
        var requests = BenchTally()
        var replies = BenchTally()
        var cancels = 0
        var problems: [String] = []
        var assigned = false
    }

    private let flow: Flow
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    /// Each matter's approval, checked once against the flow.
    private let approvals: BenchApprovals
    private let recording: Bool
    /// Signs replies (quoting the request's digest); nil: replies leave unsigned.
    private let signing: BenchSigning?
    private let state: Locked<State>
    private let log = Locked([String: [Event]]())

    private struct State {
        var figures = Figures()
        var stopping = false
        var loop: Task<Void, Never>?
    }

    init(flow: Flow, bootstrapServers: String, recording: Bool, signing: BenchSigning? = nil) throws {
        self.flow = flow
        self.recording = recording
        self.signing = signing
        let approvals = try BenchApprovals(flow: flow)
        self.approvals = approvals

        var consumerConfiguration = KafkaConfiguration(bootstrapServers: bootstrapServers)
        consumerConfiguration.clientID = "bench-departments"
        consumerConfiguration.sessionTimeout = .seconds(6)
        // The mock holds a fetch for the whole wait: keep it short, like the hub does.
        consumerConfiguration.properties = ["fetch.wait.max.ms": "5", "socket.nagle.disable": "true"]
        let state = Locked(State())
        self.state = state
        consumer = try KafkaConsumer.bench(consumerConfiguration, groupID: "bench-departments",
                                           topics: Array(approvals.departmentOfRequestTopic.keys).sorted()) {
            state.withLock { $0.figures.assigned = true }
        }

        var producerConfiguration = KafkaConfiguration(bootstrapServers: bootstrapServers)
        producerConfiguration.clientID = "bench-departments"
        producerConfiguration.properties = ["linger.ms": "1", "socket.nagle.disable": "true"]
        producer = try KafkaProducer(configuration: producerConfiguration)
    }

    func start() {
        state.withLock { state in
            guard state.loop == nil else { return }
            state.loop = Task.detached { [self] in await self.consume() }
        }
    }

    /// Connects the producer and obtains its idempotent producer id before the clock
    /// runs (the first send otherwise waits most of a second), by sending one record to
    /// `topic`, a topic nobody reads.
    func warmUp(topic: String) async throws {
        _ = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: Array("warm-up".utf8)))
    }

    var figures: Figures { state.withLock { $0.figures } }
    var events: [String: [Event]] { log.withLock { $0 } }

    func stop() async {
        let loop = state.withLock { state -> Task<Void, Never>? in
            state.stopping = true
            return state.loop
        }
        await loop?.value
        try? await producer.flush(timeout: .seconds(5))
        try? await consumer.close(timeout: .seconds(3))
        await producer.close(timeout: .seconds(3))
    }

    private func consume() async {
        while !state.withLock({ $0.stopping }) {
            let batch: [ConsumedMessage]
            do {
                batch = try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(20))
            } catch {
                problem("poll: \(error.description)")
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            guard !batch.isEmpty else { continue }
            let arrived = BenchClock.now()
            for message in batch { answer(message, arrived: arrived) }
        }
    }

    private func answer(_ message: ConsumedMessage, arrived: BenchInstant) {
        let size = BenchSizes.bytes(message)
        var eventID: String?, type: String?, matterHeader: String?, digest: [UInt8]?
        for header in message.headers {
            guard let value = header.value else { continue }
            switch header.key {
            case "ce_id": eventID = String(decoding: value, as: UTF8.self)
            case "ce_type": type = String(decoding: value, as: UTF8.self)
            case "ce_matter": matterHeader = String(decoding: value, as: UTF8.self)
            case "ce_requestdigest": digest = value
            default: break
            }
        }
        guard let department = approvals.departmentOfRequestTopic[message.topic], let eventID, let type else {
            problem("a message on \(message.topic) lacks ce_id or ce_type")
            return
        }
        if type == flow.eventTypes.cancel {
            state.withLock { $0.figures.requests.add(bytes: size); $0.figures.cancels += 1 }
            return
        }
        guard type == flow.eventTypes.request, let requestID = RequestID(parsing: eventID) else {
            problem("unexpected \(type) \(eventID) on \(message.topic)")
            return
        }
        let matter = matterHeader ?? requestID.matter
        if recording {
            log.withLock { $0[requestID.applicationID, default: []].append(Event(kind: .requestArrived, matter: matter, at: arrived, wall: message.timestamp?.timeIntervalSince1970 ?? 0)) }
        }
        let outgoing: OutgoingMessage
        do {
            var reply = try approvals.reply(department: department, matter: matter, requestID: requestID)
            if let signing {
                if let digest { reply.headers.append(KafkaHeader(key: "ce_requestdigest", value: digest)) }
                reply = try signing.sign(reply, as: MessageTrust.departmentSigner(department))
            }
            outgoing = reply
        } catch {
            problem("encode or sign the reply \(eventID): \(error)")
            return
        }
        let replyBytes = BenchSizes.bytes(outgoing)
        state.withLock { $0.figures.requests.add(bytes: size) }
        let sent = BenchClock.now()
        if recording {
            log.withLock { $0[requestID.applicationID, default: []].append(Event(kind: .replySent, matter: matter, at: sent, wall: Date().timeIntervalSince1970)) }
        }
        do {
            try producer.send(outgoing) { [state] result in
                switch result {
                case .success: state.withLock { $0.figures.replies.add(bytes: replyBytes) }
                case .failure(let error): state.withLock { $0.figures.problems.append("reply: \(error.description)") }
                }
            }
        } catch {
            problem("send reply \(eventID): \(error.description)")
        }
    }

    private func problem(_ text: String) {
        state.withLock { state in
            if state.figures.problems.count < 20 { state.figures.problems.append(text) }
        }
    }
}
