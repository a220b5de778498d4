import Foundation
import OneThingExchange
import OneThingKafka
@testable import OneThingSimulator

/// The package's own catalogue (Topics/), read the way the tests of other modules do.
enum TestCatalogue {
    static let topics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topics")

    static func files() -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let base = topics.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return result }
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".json"), let data = FileManager.default.contents(atPath: base + "/" + relative) { result[relative] = Array(data) }
        }
        return result
    }

    static let flow: Flow? = try? Catalogue.load(files: files()).flow(named: "retirement")
}

/// A mock cluster with every topic of the flow, and the hub's side of the conversation:
/// requests and cancels out, replies in.
final class HubSide: Sendable {
    let flow: Flow
    let cluster: MockCluster
    let producer: KafkaProducer
    let replies: KafkaConsumer

    init(flow: Flow) throws {
        self.flow = flow
        cluster = try MockCluster(brokers: 1)
        for topic in flow.topics.all { try cluster.createTopic(topic, partitions: 2, replicationFactor: 1) }
        producer = try KafkaProducer(configuration: Self.configuration(cluster))
        replies = try KafkaConsumer(configuration: Self.configuration(cluster), groupID: "hub-" + UUID().uuidString)
        try replies.subscribe(topics: flow.departments.map { flow.topics.replies($0.code) })
    }

    static func configuration(_ cluster: MockCluster) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.sessionTimeout = .milliseconds(1500)
        configuration.properties["heartbeat.interval.ms"] = "300"
        configuration.properties["topic.metadata.refresh.interval.ms"] = "1000"
        configuration.properties["fetch.wait.max.ms"] = "10"
        configuration.logLevel = 2
        return configuration
    }

    var configuration: KafkaConfiguration { Self.configuration(cluster) }

    func simulator(_ departments: [String], behaviour: SimulatorBehaviour) throws -> DepartmentSimulator {
        let simulator = try DepartmentSimulator(flow: flow, departments: departments, configuration: configuration,
                                                behaviour: behaviour)
        simulator.start()
        return simulator
    }

    /// Publishes a request as the hub does (binary mode, ce_id = request id).
    @discardableResult
    func sendRequest(_ application: Application, matter: String, revision: Int = 1,
                     outputs: [String: JSONObject] = [:]) async throws -> RequestID {
        let requestID = RequestID(applicationID: application.id, matter: matter, revision: revision)
        let document = try flow.encodeRequest(matter: matter, application: application, outputs: outputs, requestID: requestID)
        let department = flow.matter(matter)?.department ?? ""
        let event = CloudEvent(id: requestID.description, source: "/hub", type: flow.eventTypes.request,
                               time: Timestamp.rfc3339(Date()), subject: application.id, contentType: document.contentType,
                               extensions: ["matter": matter], data: document.body)
        _ = try await producer.send(ChannelClient.message(event, topic: flow.topics.requests(department),
                                                          key: application.id, mode: .binary))
        return requestID
    }

    func sendCancel(applicationID: String, matter: String) async throws {
        let department = flow.matter(matter)?.department ?? ""
        let data = JSONValue.object(JSONObject([("applicationId", .string(applicationID)), ("matter", .string(matter)),
                                                ("reason", .string("withdrawn by the applicant"))]))
        let event = CloudEvent(id: UUID().uuidString, source: "/hub", type: flow.eventTypes.cancel,
                               time: Timestamp.rfc3339(Date()), subject: applicationID, contentType: "application/json",
                               extensions: ["matter": matter], data: data.serialized())
        _ = try await producer.send(ChannelClient.message(event, topic: flow.topics.requests(department),
                                                          key: applicationID, mode: .binary))
    }

    /// Replies read until `count` arrived or `deadline` passed, decoded.
    func receiveReplies(count: Int, within deadline: Duration = .seconds(20)) async throws -> [ReceivedReply] {
        var received: [ReceivedReply] = []
        let end = ContinuousClock.now + deadline
        while received.count < count && ContinuousClock.now < end {
            for message in try await replies.poll(maxMessages: 500, timeout: .milliseconds(200)) {
                received.append(try ReceivedReply(message, flow: flow))
            }
        }
        return received
    }

    /// Replies arriving within a quiet period (to check nothing more comes).
    func drainReplies(for period: Duration) async throws -> [ReceivedReply] {
        var received: [ReceivedReply] = []
        let end = ContinuousClock.now + period
        while ContinuousClock.now < end {
            for message in try await replies.poll(maxMessages: 500, timeout: .milliseconds(100)) {
                received.append(try ReceivedReply(message, flow: flow))
            }
        }
        return received
    }
}

/// A reply as the hub would read it.
struct ReceivedReply: Sendable {
    let event: CloudEvent
    let department: String
    let key: String
    let decoded: Result<DepartmentReply, ProtocolError>

    init(_ message: ConsumedMessage, flow: Flow) throws {
        event = try CloudEventCodec.decode(headers: message.headers.map { ($0.key, $0.value) }, value: message.value)
        department = flow.topics.department(ofReplyTopic: message.topic) ?? "?"
        key = String(decoding: message.key ?? [], as: UTF8.self)
        decoded = flow.decodeReply(department: department, body: event.data)
    }

    var decision: ReplyDecision? { try? decoded.get().decision }
    var inReplyTo: String? { event.extensions["inreplyto"] }
}

/// Valid applications from the generator, validated by the flow.
func validApplications(_ flow: Flow, count: Int, seed: UInt64 = 7) -> [Application] {
    var generator = ApplicationGenerator(seed: seed)
    return (0..<count).compactMap { _ in
        if case .valid(let application) = flow.validate(generator.next().document) { return application }
        return nil
    }
}
