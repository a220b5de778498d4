import Foundation
import OneThingExchange
import OneThingKafka

/// The in-process departments' approvals: for each matter, outputs in canonical formats
/// chosen by the output's name (like the simulator's synthesizer, but fixed: the
/// benchmark needs valid, not varied, values), and the reply built from them.
///
/// The reply body is encoded once per matter with a stand-in request id and then copied
/// with the real id spliced in, instead of translated afresh for every request: the
/// departments share the hub's process and its cores, so every instruction they spend is
/// taken from the hub being measured. A matter whose body does not
/// hold the id exactly once, or whose spliced body differs from a fresh encoding, is
/// encoded afresh every time.
struct BenchApprovals: Sendable {
    /// The body before and after the request id.
    private struct Template: Sendable {
        let before: [UInt8]
        let after: [UInt8]
        let contentType: String
    }

    private let flow: Flow
    private let outputs: [String: JSONObject]
    private let templates: [String: Template]
    /// Request topic -> the department that reads it.
    let departmentOfRequestTopic: [String: String]

    init(flow: Flow) throws {
        self.flow = flow
        var topics: [String: String] = [:]
        for department in flow.departments { topics[flow.topics.requests(department.code)] = department.code }
        departmentOfRequestTopic = topics
        var outputs: [String: JSONObject] = [:]
        var templates: [String: Template] = [:]
        for matter in flow.matters {
            var values = JSONObject()
            for name in matter.outputs { values[name] = Self.value(for: name) }
            // Round trip once: a reply the hub would refuse would measure nothing.
            let check = RequestID(applicationID: "BENCH-CHECK", matter: matter.code, revision: 1)
            let document = try Self.encode(flow, matter.department, matter.code, check, values)
            if case .failure(let problem) = flow.decodeReply(department: matter.department, body: document.body) {
                throw BenchFailure("the benchmark's approval for \(matter.code) is refused: \(problem.reason)")
            }
            outputs[matter.code] = values
            templates[matter.code] = try Self.template(flow, matter.department, matter.code, values)
        }
        self.outputs = outputs
        self.templates = templates
    }

    /// The department's approval of request `requestID`, as it publishes it on its reply topic.
    func reply(department: String, matter: String, requestID: RequestID) throws(TranslationError) -> OutgoingMessage {
        let eventID = requestID.description
        let document: EncodedDocument
        if let template = templates[matter], flow.matter(matter)?.department == department {
            document = EncodedDocument(contentType: template.contentType,
                                       body: template.before + Array(eventID.utf8) + template.after)
        } else {
            document = try Self.encode(flow, department, matter, requestID, outputs[matter] ?? JSONObject())
        }
        let reply = CloudEvent(id: eventID + ":approved", source: "/departments/" + department, type: flow.eventTypes.reply,
                               subject: requestID.applicationID, contentType: document.contentType,
                               extensions: ["matter": matter, "inreplyto": eventID], data: document.body)
        let encoded = CloudEventCodec.encodeBinary(reply)
        return OutgoingMessage(topic: flow.topics.replies(department), key: Array(requestID.applicationID.utf8),
                               value: encoded.value,
                               headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
    }

    private static func encode(_ flow: Flow, _ department: String, _ matter: String, _ requestID: RequestID,
                               _ outputs: JSONObject) throws(TranslationError) -> EncodedDocument {
        try flow.encodeReply(department: department, matter: matter, requestID: requestID,
                             decision: .approved(outputs: outputs))
    }

    /// The matter's body split around its request id, or nil when splicing would not
    /// give exactly what encoding gives.
    private static func template(_ flow: Flow, _ department: String, _ matter: String,
                                 _ outputs: JSONObject) throws -> Template? {
        let standIn = RequestID(applicationID: "BENCH-STAND-IN-APPLICATION", matter: matter, revision: 7)
        let document = try encode(flow, department, matter, standIn, outputs)
        let id = Array(standIn.description.utf8)
        let starts = document.body.indices.filter { document.body[$0...].starts(with: id) }
        guard starts.count == 1, let start = starts.first else { return nil }
        let template = Template(before: Array(document.body[..<start]), after: Array(document.body[(start + id.count)...]),
                                contentType: document.contentType)
        let other = RequestID(applicationID: "GX-20261122-000042", matter: matter, revision: 3)
        let expected = try encode(flow, department, matter, other, outputs)
        let spliced = template.before + Array(other.description.utf8) + template.after
        return spliced == expected.body && template.contentType == expected.contentType ? template : nil
    }

    private static func value(for name: String) -> JSONValue {
        let lower = name.lowercased()
        if lower.hasSuffix("months") { return .int(120) }
        if lower.hasSuffix("month") { return .string("2027-01") }
        if lower.hasSuffix("date") { return .string("2026-12-01") }
        if lower.hasSuffix("region") { return .string("450103") }
        if lower.contains("amount") || lower.contains("pension") || lower.contains("reward") { return .string("3456.78") }
        return .string("BENCH-\(name)-0001")
    }
}
