import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingStore

/// Builds the binary-mode CloudEvents Kafka messages the hub writes (`Topics/asyncapi.json`):
/// `ce_specversion`, `ce_id`, `ce_source` (`/hub`), `ce_type`, `ce_time`, `ce_subject`,
/// `content-type`, and `ce_matter` on requests and cancels.
enum WireMessages {
    static let source = "/hub"

    static func event(topic: String, key: String, id: String, type: String, time: Date,
                      subject: String, contentType: String, matter: String?, value: [UInt8]) -> EngineMessage {
        // One array of the right size (a literal and a later append would grow it).
        var headers: [StoredHeader] = []
        headers.reserveCapacity(matter == nil ? 7 : 8)
        headers.append(StoredHeader(key: "ce_specversion", value: Array("1.0".utf8)))
        headers.append(StoredHeader(key: "ce_id", value: Array(id.utf8)))
        headers.append(StoredHeader(key: "ce_source", value: Array(source.utf8)))
        headers.append(StoredHeader(key: "ce_type", value: Array(type.utf8)))
        headers.append(StoredHeader(key: "ce_time", value: HubTime.bytes(time)))
        headers.append(StoredHeader(key: "ce_subject", value: Array(subject.utf8)))
        headers.append(StoredHeader(key: "content-type", value: Array(contentType.utf8)))
        if let matter { headers.append(StoredHeader(key: "ce_matter", value: Array(matter.utf8))) }
        return EngineMessage(topic: topic, key: key, value: value, headers: headers)
    }

    /// The `cancel` message for a matter already sent: `{"applicationId","matter","reason"}`
    /// in JSON for every department. Its id derives from the request's, so a republished
    /// cancel is recognisably the same one.
    static func cancel(flow: Flow, matter: MatterRecord, applicationID: String, reason: String,
                       time: Date) -> EngineMessage {
        let body = JSONValue.object(JSONObject([
            ("applicationId", .string(applicationID)),
            ("matter", .string(matter.code)),
            ("reason", .string(reason)),
        ]))
        let requestID = matter.requestID
            ?? RequestID(applicationID: applicationID, matter: matter.code, revision: max(matter.revision, 1)).description
        var message = event(topic: flow.topics.requests(matter.department), key: applicationID,
                            id: requestID + ":cancel", type: flow.eventTypes.cancel, time: time,
                            subject: applicationID, contentType: "application/json", matter: matter.code,
                            value: body.serialized())
        // A cancel names the request it cancels by digest too (the latest copy sent).
        if let digest = matter.requestDigests.last {
            message.headers.append(StoredHeader(key: MessageSignature.requestDigestHeader, value: Array(digest.utf8)))
        }
        return message
    }
}
