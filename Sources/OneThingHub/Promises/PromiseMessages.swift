import Foundation
import OneThingExchange
import OneThingStore

/// The messages of the promises (`Topics/asyncapi.json`): `evaluation` on the evaluations
/// topic (for the province's 好差评 system), `notification` on the notifications topic
/// (for an SMS or app gateway), `supervision` on the supervision topic (cards and
/// rectifications, for liaisons and the supervising office). Keyed by the application id,
/// like every topic of the flow, so they share its partition.
struct PromiseMessages {
    let flow: Flow
    let policy: PromisePolicy
    let applicationID: String
    let now: Date

    /// The name reports to 好差评 and supervision use for a matter: its full official name
    /// (nil for the application as a whole).
    func matterName(_ code: String?) -> String? {
        code.map { flow.matter($0)?.officialName ?? $0 }
    }

    func departmentName(_ code: String) -> String { flow.department(code)?.title ?? code }

    func evaluation(_ item: EvaluationRecord, level: SatisfactionLevel, replaced: Bool,
                    rectificationID: String?, id: String) -> EngineMessage {
        var fields: [(String, JSONValue)] = [
            ("applicationId", .string(applicationID)),
            ("matter", item.matter.map { .string($0) } ?? .null),
            ("matterName", matterName(item.matter).map { .string($0) } ?? .null),
            ("department", .string(item.department)),
            ("departmentName", .string(departmentName(item.department))),
            ("channel", .string(item.channel)),
            ("level", .string(level.code)),
            ("levelName", .string(level.name)),
            ("score", .int(Int64(level.score))),
            ("comment", item.comment.map { .string($0) } ?? .null),
            ("evaluatedAt", .string(HubTime.rfc3339(item.at))),
            ("replacesEarlier", .bool(replaced)),
        ]
        fields.append(("rectificationId", rectificationID.map { .string($0) } ?? .null))
        return message(topic: policy.evaluations.topic, id: id, type: policy.types.evaluation, matter: item.matter,
                       body: .object(JSONObject(fields)))
    }

    func notice(_ record: NoticeRecord, phone: String, text: String, items: [JSONValue]) -> EngineMessage {
        let body = JSONValue.object(JSONObject([
            ("applicationId", .string(applicationID)),
            ("noticeId", .string(record.id)),
            ("kind", .string(record.kind)),
            ("phone", .string(phone)),
            ("text", .string(text)),
            ("items", .array(items)),
            ("at", .string(HubTime.rfc3339(record.at))),
        ]))
        return message(topic: policy.notifications.topic, id: record.id, type: policy.types.notification, matter: nil, body: body)
    }

    /// A card's event: `card-opened`, `card-acknowledged`, `card-rectified`, `card-closed`.
    func card(_ card: CardRecord, event: String, subjectMatter: String?, deadline: Date?) -> EngineMessage {
        let level = policy.supervision.cards.first { $0.level == card.level }
        let recipient = level.map { policy.supervision.recipient(of: $0, department: card.department) } ?? policy.supervision.supervisingOffice
        let body = JSONValue.object(JSONObject([
            ("applicationId", .string(applicationID)),
            ("event", .string(event)),
            ("card", .object(JSONObject([
                ("id", .string(card.id)),
                ("level", .string(card.level)),
                ("levelName", .string(level?.name ?? card.level)),
                ("subject", .string(card.subject)),
                ("matter", subjectMatter.map { .string($0) } ?? .null),
                ("matterName", matterName(subjectMatter).map { .string($0) } ?? .null),
                ("department", .string(card.department)),
                ("departmentName", .string(departmentName(card.department))),
                ("recipient", .object(JSONObject([("role", .string(card.recipient)), ("name", .string(recipient.name)),
                                                  ("phone", .string(recipient.phone))]))),
                ("openedAt", .string(HubTime.rfc3339(card.openedAt))),
                ("deadline", deadline.map { .string(HubTime.rfc3339($0)) } ?? .null),
                ("note", card.note.map { .string($0) } ?? .null),
            ]))),
            ("at", .string(HubTime.rfc3339(now))),
        ]))
        return message(topic: policy.supervision.topic, id: "\(card.id):\(event)", type: policy.types.supervision,
                       matter: subjectMatter, body: body)
    }

    /// A rectification's event: `rectification-opened`, `rectification-overdue`, `rectification-closed`.
    func rectification(_ item: RectificationRecord, event: String) -> EngineMessage {
        let level = policy.evaluations.level(item.level)
        let liaison = policy.supervision.liaisons[item.department] ?? policy.supervision.supervisingOffice
        let body = JSONValue.object(JSONObject([
            ("applicationId", .string(applicationID)),
            ("event", .string(event)),
            ("rectification", .object(JSONObject([
                ("id", .string(item.id)),
                ("department", .string(item.department)),
                ("departmentName", .string(departmentName(item.department))),
                ("liaison", .object(JSONObject([("name", .string(liaison.name)), ("phone", .string(liaison.phone))]))),
                ("matter", item.matter.map { .string($0) } ?? .null),
                ("matterName", matterName(item.matter).map { .string($0) } ?? .null),
                ("channel", .string(item.channel)),
                ("level", .string(item.level)),
                ("levelName", .string(level?.name ?? item.level)),
                ("comment", item.comment.map { .string($0) } ?? .null),
                ("openedAt", .string(HubTime.rfc3339(item.openedAt))),
                ("deadline", .string(HubTime.rfc3339(item.deadline))),
                ("note", item.note.map { .string($0) } ?? .null),
            ]))),
            ("at", .string(HubTime.rfc3339(now))),
        ]))
        return message(topic: policy.supervision.topic, id: "\(item.id):\(event)", type: policy.types.supervision,
                       matter: item.matter, body: body)
    }

    private func message(topic: String, id: String, type: String, matter: String?, body: JSONValue) -> EngineMessage {
        WireMessages.event(topic: topic, key: applicationID, id: id, type: type, time: now, subject: applicationID,
                           contentType: "application/json", matter: matter, value: body.serialized())
    }
}
