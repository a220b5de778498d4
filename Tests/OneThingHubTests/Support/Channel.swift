import Foundation
import OneThingExchange
import OneThingKafka

/// A channel (online portal, window, ...) publishing intake events.
struct Channel: Sendable {
    let flow: Flow
    let producer: KafkaProducer
    /// Whether events are signed (by their source's test key, see `TestKeys`).
    let signs: Bool

    init(cluster: MockCluster, flow: Flow, partitioner: String? = nil, signs: Bool = true) throws {
        self.flow = flow
        self.signs = signs
        producer = try KafkaProducer(configuration: MockKafka.configuration(cluster, partitioner: partitioner))
    }

    func send(type: String, key: String?, data: [UInt8], eventID: String = UUID().uuidString,
              structured: Bool = false, source: String = "/channels/online") async throws {
        let event = CloudEvent(id: eventID, source: source, type: type, time: HubTimeText.now,
                               subject: key, contentType: "application/json", data: data)
        var message: OutgoingMessage
        if structured {
            message = OutgoingMessage(
                topic: flow.topics.applications, key: key.map { Array($0.utf8) }, value: CloudEventCodec.encodeStructured(event),
                headers: [KafkaHeader(key: "content-type", value: Array("application/cloudevents+json".utf8))])
        } else {
            let binary = CloudEventCodec.encodeBinary(event)
            message = OutgoingMessage(
                topic: flow.topics.applications, key: key.map { Array($0.utf8) }, value: binary.value,
                headers: binary.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
        }
        if signs { message = try TestKeys.sign(message, as: source) }
        _ = try await producer.send(message)
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

    /// Anything at all on the intake topic (for malformed-input tests), signed by the
    /// online channel when the channel signs: garbage from a known channel still reaches
    /// the decoder, whose refusals are what such tests look at.
    func raw(key: String?, value: [UInt8]?, headers: [KafkaHeader]) async throws {
        let message = OutgoingMessage(topic: flow.topics.applications, key: key.map { Array($0.utf8) },
                                      value: value, headers: headers)
        _ = try await producer.send(signs ? TestKeys.sign(message, as: "/channels/online") : message)
    }

    func close() async { await producer.close(timeout: .seconds(2)) }
}

enum HubTimeText {
    static var now: String { ISO8601DateFormatter().string(from: Date()) }
}
