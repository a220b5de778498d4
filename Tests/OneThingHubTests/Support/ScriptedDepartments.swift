import Foundation
import OneThingExchange
import OneThingKafka

/// Simulated department systems for end-to-end tests: one consumer on every request
/// topic of the flow, answering each request with the replies a script chooses, encoded
/// in the department's own schema with `Flow.encodeReply` and sent on its reply topic
/// with `ce_inreplyto`. It records every request and cancel it sees.
final class ScriptedDepartments: Sendable {
    /// What to answer to one delivery of a request. `copy` counts deliveries of the same
    /// `ce_id` (1 for the first), so a script can stay silent until a resend.
    typealias Script = @Sendable (_ request: RequestID, _ copy: Int) -> [ReplyDecision]

    let flow: Flow
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let script: Script
    /// Every request `ce_id` delivered, in order, duplicates included.
    let requests = Collected<[String]>([])
    /// Every cancel delivered, as "<applicationId>:<matter>".
    let cancels = Collected<[String]>([])
    /// The latest `ce_requestdigest` of each request `ce_id`, quoted in replies to it.
    let digests = Collected<[String: String]>([:])
    /// Whether replies are signed by their department's test key (see `TestKeys`).
    let signs: Bool
    private let task = Collected<Task<Void, Never>?>(nil)

    static let approveAll: Script = { request, copy in
        copy == 1 ? [.received, .approved(outputs: MatterOutputs.approved(request.matter))] : []
    }

    /// `partitioner`: the replies' librdkafka partitioner (nil: the layer's murmur2, as
    /// the hub; "consistent_random": librdkafka's CRC32 default, as many senders use).
    init(cluster: MockCluster, flow: Flow, script: @escaping Script = ScriptedDepartments.approveAll,
         partitioner: String? = nil, signs: Bool = true) throws {
        self.flow = flow
        self.script = script
        self.signs = signs
        consumer = try KafkaConsumer(configuration: MockKafka.configuration(cluster), groupID: "departments-\(UUID().uuidString)")
        producer = try KafkaProducer(configuration: MockKafka.configuration(cluster, partitioner: partitioner))
        try consumer.subscribe(topics: flow.departments.map { flow.topics.requests($0.code) })
    }

    func start() {
        let work = Task { [self] in
            var copies: [String: Int] = [:]
            while !Task.isCancelled {
                guard let batch = try? await consumer.poll(maxMessages: 200, timeout: .milliseconds(20)) else { continue }
                for message in batch {
                    await handle(message, copies: &copies)
                }
            }
        }
        task.update { $0 = work }
    }

    private func handle(_ message: ConsumedMessage, copies: inout [String: Int]) async {
        guard let id = MockKafka.header(message, "ce_id"), let type = MockKafka.header(message, "ce_type") else { return }
        if type == flow.eventTypes.cancel {
            let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
            cancels.update { $0.append(key + ":" + (MockKafka.header(message, "ce_matter") ?? "")) }
            return
        }
        guard let requestID = RequestID(parsing: id) else { return }
        if let digest = MockKafka.header(message, "ce_requestdigest") { digests.update { $0[id] = digest } }
        requests.update { $0.append(id) }
        copies[id, default: 0] += 1
        for decision in script(requestID, copies[id] ?? 1) {
            replyQuickly(to: requestID, decision: decision)
        }
    }

    /// Enqueues the reply without waiting for its delivery report (order per key is kept
    /// by the producer), so a busy simulator keeps up with the hub.
    private func replyQuickly(to requestID: RequestID, decision: ReplyDecision) {
        let owner = flow.matter(requestID.matter)?.department ?? ""
        guard let document = try? flow.encodeReply(department: owner, matter: requestID.matter,
                                                   requestID: requestID, decision: decision) else { return }
        guard let message = try? replyMessage(department: owner, requestID: requestID.description, matter: requestID.matter,
                                              body: document.body, contentType: document.contentType,
                                              eventID: UUID().uuidString, key: nil) else { return }
        try? producer.send(message) { _ in }
    }

    func reply(to requestID: RequestID, decision: ReplyDecision, onTopicOf department: String? = nil,
               eventID: String = UUID().uuidString) async throws {
        let owner = flow.matter(requestID.matter)?.department ?? ""
        let document = try flow.encodeReply(department: owner, matter: requestID.matter, requestID: requestID, decision: decision)
        try await sendReply(department: department ?? owner, requestID: requestID.description, matter: requestID.matter,
                            body: document.body, contentType: document.contentType, eventID: eventID)
    }

    /// `digest`: the `ce_requestdigest` to quote (nil: the one the request carried; "":
    /// none). `signer`: who signs (nil: the department whose topic it goes to).
    func sendReply(department: String, requestID: String, matter: String, body: [UInt8], contentType: String,
                   eventID: String, key: String? = nil, digest: String? = nil, signer: String? = nil) async throws {
        _ = try await producer.send(replyMessage(department: department, requestID: requestID, matter: matter,
                                                 body: body, contentType: contentType, eventID: eventID, key: key,
                                                 digest: digest, signer: signer))
    }

    func replyMessage(department: String, requestID: String, matter: String, body: [UInt8],
                      contentType: String, eventID: String, key: String?, digest: String? = nil,
                      signer: String? = nil) throws -> OutgoingMessage {
        var headers: [KafkaHeader] = [
            KafkaHeader(key: "ce_specversion", value: Array("1.0".utf8)),
            KafkaHeader(key: "ce_id", value: Array(eventID.utf8)),
            KafkaHeader(key: "ce_source", value: Array("/departments/\(department)".utf8)),
            KafkaHeader(key: "ce_type", value: Array(flow.eventTypes.reply.utf8)),
            KafkaHeader(key: "ce_inreplyto", value: Array(requestID.utf8)),
            KafkaHeader(key: "ce_matter", value: Array(matter.utf8)),
            KafkaHeader(key: "content-type", value: Array(contentType.utf8)),
        ]
        if let quoted = digest ?? digests.current[requestID], !quoted.isEmpty {
            headers.append(KafkaHeader(key: "ce_requestdigest", value: Array(quoted.utf8)))
        }
        let appKey = key ?? RequestID(parsing: requestID)?.applicationID ?? ""
        let message = OutgoingMessage(topic: flow.topics.replies(department), key: Array(appKey.utf8), value: body, headers: headers)
        guard signs else { return message }
        return try TestKeys.sign(message, as: signer ?? "/departments/\(department)")
    }

    func stop() async {
        task.current?.cancel()
        _ = await task.current?.value
        try? await consumer.close(timeout: .seconds(2))
        await producer.close(timeout: .seconds(2))
    }
}
