import Foundation
import OneThingExchange
import OneThingKafka

/// A channel (online portal, window, ...) publishing intake events.
struct Channel: Sendable {
    let flow: Flow
    let producer: KafkaProducer

    init(cluster: MockCluster, flow: Flow, partitioner: String? = nil) throws {
        self.flow = flow
        producer = try KafkaProducer(configuration: MockKafka.configuration(cluster, partitioner: partitioner))
    }

    func send(type: String, key: String?, data: [UInt8], eventID: String = UUID().uuidString,
              structured: Bool = false) async throws {
        let event = CloudEvent(id: eventID, source: "/channels/online", type: type, time: HubTimeText.now,
                               subject: key, contentType: "application/json", data: data)
        if structured {
            _ = try await producer.send(OutgoingMessage(
                topic: flow.topics.applications, key: key.map { Array($0.utf8) }, value: CloudEventCodec.encodeStructured(event),
                headers: [KafkaHeader(key: "content-type", value: Array("application/cloudevents+json".utf8))]))
        } else {
            let binary = CloudEventCodec.encodeBinary(event)
            _ = try await producer.send(OutgoingMessage(
                topic: flow.topics.applications, key: key.map { Array($0.utf8) }, value: binary.value,
                headers: binary.headers.map { KafkaHeader(key: $0.key, value: $0.value) }))
        }
    }

    func submit(_ form: JSONValue, id: String, eventID: String = UUID().uuidString, structured: Bool = false) async throws {
        try await send(type: flow.eventTypes.submitted, key: id, data: form.serialized(), eventID: eventID, structured: structured)
    }

    func supplement(id: String, matter: String, changes: JSONObject) async throws {
        let data = JSONValue.object(JSONObject([("applicationId", .string(id)), ("matter", .string(matter)),
                                                ("changes", .object(changes))]))
        try await send(type: flow.eventTypes.supplemented, key: id, data: data.serialized())
    }

    func withdraw(id: String, reason: String) async throws {
        let data = JSONValue.object(JSONObject([("applicationId", .string(id)), ("reason", .string(reason))]))
        try await send(type: flow.eventTypes.withdrawn, key: id, data: data.serialized())
    }

    /// Anything at all on the intake topic (for malformed-input tests).
    func raw(key: String?, value: [UInt8]?, headers: [KafkaHeader]) async throws {
        _ = try await producer.send(OutgoingMessage(topic: flow.topics.applications, key: key.map { Array($0.utf8) },
                                                    value: value, headers: headers))
    }

    func close() async { await producer.close(timeout: .seconds(2)) }
}

enum HubTimeText {
    static var now: String { ISO8601DateFormatter().string(from: Date()) }
}
