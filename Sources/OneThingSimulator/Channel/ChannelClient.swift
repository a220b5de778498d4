import Foundation
import OneThingExchange
import OneThingKafka

/// How a channel puts a CloudEvent on Kafka: attributes in `ce_*` headers (binary) or the
/// whole event as one `application/cloudevents+json` document (structured). The hub must
/// accept both on intake.
public enum CloudEventsMode: String, Sendable, Hashable, CaseIterable {
    case binary, structured
}

/// A service channel (online hall, window, bank...): publishes `submitted`,
/// `supplemented` and `withdrawn` events to the flow's applications topic, keyed by the
/// application id so every event of one application stays in order on one partition.
public struct ChannelClient: Sendable {
    public let flow: Flow
    public let producer: KafkaProducer
    /// `ce_source`, e.g. `/channels/online`.
    public let source: String
    public let mode: CloudEventsMode
    /// The channel's signing key; nil: events leave unsigned (a hub with signatures off,
    /// or a test of what the hub does with unsigned intake).
    public let signature: SenderSignature?

    public init(flow: Flow, producer: KafkaProducer, source: String = "/channels/online", mode: CloudEventsMode = .binary,
                signature: SenderSignature? = nil) {
        self.flow = flow
        self.producer = producer
        self.source = source
        self.mode = mode
        self.signature = signature
    }

    /// Publishes a submission; returns the event's `ce_id`.
    @discardableResult
    public func submit(_ document: JSONValue, applicationID: String, mode: CloudEventsMode? = nil,
                       now: Date = Date()) async throws(KafkaError) -> String {
        try await publish(type: flow.eventTypes.submitted, applicationID: applicationID, data: document, mode: mode, now: now)
    }

    /// Publishes a supplement: `changes` is a JSON Merge Patch on the stored application.
    @discardableResult
    public func supplement(applicationID: String, matter: String, changes: JSONValue, mode: CloudEventsMode? = nil,
                           now: Date = Date()) async throws(KafkaError) -> String {
        let data = JSONValue.object(JSONObject([
            ("applicationId", .string(applicationID)), ("matter", .string(matter)), ("changes", changes),
        ]))
        return try await publish(type: flow.eventTypes.supplemented, applicationID: applicationID, data: data, mode: mode, now: now)
    }

    /// Publishes a withdrawal by the applicant.
    @discardableResult
    public func withdraw(applicationID: String, reason: String, mode: CloudEventsMode? = nil,
                         now: Date = Date()) async throws(KafkaError) -> String {
        let data = JSONValue.object(JSONObject([("applicationId", .string(applicationID)), ("reason", .string(reason))]))
        return try await publish(type: flow.eventTypes.withdrawn, applicationID: applicationID, data: data, mode: mode, now: now)
    }

    /// Publishes an evaluation (好差评) of a final application (`matter` nil) or of one of
    /// its final matters: `level` is a level's code or standard name (e.g. `满意`).
    @discardableResult
    public func evaluate(applicationID: String, matter: String? = nil, level: String, comment: String? = nil,
                         now: Date = Date()) async throws(KafkaError) -> String {
        guard let type = flow.promises?.types.evaluated else {
            throw KafkaError(kind: .configuration, message: "flow \(flow.name) takes no evaluations (no promises.json)")
        }
        var fields: [(String, JSONValue)] = [("applicationId", .string(applicationID))]
        if let matter { fields.append(("matter", .string(matter))) }
        fields.append(("level", .string(level)))
        if let comment { fields.append(("comment", .string(comment))) }
        return try await publish(type: type, applicationID: applicationID, data: .object(JSONObject(fields)), mode: nil, now: now)
    }

    private func publish(type: String, applicationID: String, data: JSONValue, mode: CloudEventsMode?,
                         now: Date) async throws(KafkaError) -> String {
        let id = UUID().uuidString.lowercased()
        let event = CloudEvent(id: id, source: source, type: type, time: Timestamp.rfc3339(now), subject: applicationID,
                               contentType: "application/json", data: data.serialized())
        var message = Self.message(event, topic: flow.topics.applications, key: applicationID, mode: mode ?? self.mode)
        if let signature {
            do {
                message = try signature.sign(message)
            } catch {
                throw KafkaError(kind: .configuration, message: error.description)
            }
        }
        _ = try await producer.send(message)
        return id
    }

    /// The Kafka message for an event in either mode (also for tests and benchmarks that
    /// produce by themselves).
    public static func message(_ event: CloudEvent, topic: String, key: String, mode: CloudEventsMode) -> OutgoingMessage {
        switch mode {
        case .binary:
            let encoded = CloudEventCodec.encodeBinary(event)
            return OutgoingMessage(topic: topic, key: Array(key.utf8), value: encoded.value,
                                   headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
        case .structured:
            return OutgoingMessage(topic: topic, key: Array(key.utf8), value: CloudEventCodec.encodeStructured(event),
                                   headers: [KafkaHeader(key: "content-type", value: Array("application/cloudevents+json".utf8))])
        }
    }
}
