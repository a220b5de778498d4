import Foundation
import OneThingExchange
import OneThingKafka

/// The departments' side of 督办 and 整改: a simulated department reads the supervision
/// topic and, for its own cards and rectifications, does what a liaison would: it
/// acknowledges a card and reports what it did about it (`card-acknowledged`, then
/// `card-rectified` with a note), and closes a rectification with a note (`rectified`),
/// each on its reply topic, keyed by the application id. Others' are not its business.
extension DepartmentSimulator {
    func handleSupervision(_ message: ConsumedMessage) async {
        guard let policy = flow.promises,
              let event = try? CloudEventCodec.decode(headers: message.headers.map { ($0.key, $0.value) }, value: message.value),
              event.type == policy.types.supervision,
              let body = try? JSONValue(parsing: event.data).objectValue,
              let applicationID = body["applicationId"]?.stringValue else {
            unreadable("a message on \(message.topic) at offset \(message.offset) is not a supervision event")
            return
        }
        switch body["event"]?.stringValue {
        case "card-opened":
            guard let card = body["card"]?.objectValue, let id = card["id"]?.stringValue,
                  let department = card["department"]?.stringValue, departments.contains(department) else { return }
            let subject = card["matterName"]?.stringValue ?? card["subject"]?.stringValue ?? ""
            await answer(type: policy.types.cardAcknowledged, department: department, applicationID: applicationID,
                         fields: [("cardId", .string(id))])
            await answer(type: policy.types.cardRectified, department: department, applicationID: applicationID,
                         fields: [("cardId", .string(id)), ("note", .string("已督促经办人限时办理：\(subject)"))])
        case "rectification-opened":
            guard let item = body["rectification"]?.objectValue, let id = item["id"]?.stringValue,
                  let department = item["department"]?.stringValue, departments.contains(department) else { return }
            await answer(type: policy.types.rectified, department: department, applicationID: applicationID,
                         fields: [("rectificationId", .string(id)),
                                  ("note", .string("已回访申请人，查明原因并优化办理流程"))])
        default:
            return
        }
    }

    private func answer(type: String, department: String, applicationID: String, fields: [(String, JSONValue)]) async {
        let data = JSONValue.object(JSONObject([("applicationId", .string(applicationID))] + fields))
        let event = CloudEvent(id: UUID().uuidString.lowercased(), source: "/departments/" + department, type: type,
                               time: Timestamp.rfc3339(Date()), subject: applicationID, contentType: "application/json",
                               data: data.serialized())
        var message = ChannelClient.message(event, topic: flow.topics.replies(department), key: applicationID, mode: .binary)
        // The hub checks these like replies: a department's reply topic takes its signature only.
        if let signature = signatures[department] {
            do {
                message = try signature.sign(message)
            } catch {
                failure("cannot sign \(type) for \(applicationID): \(error.description)")
                return
            }
        }
        do {
            _ = try await producer.send(message)
        } catch {
            failure("cannot publish \(type) for \(applicationID): \(error.description)")
        }
    }
}
