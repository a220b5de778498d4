import Foundation
import OneThingExchange
import OneThingStore

/// 一次告知: the applicant hears from the hub at acceptance, when supplements are needed,
/// and at the end, by a notice on the notifications topic built from the catalogue's
/// templates and sent to the phone number of the form. Supplement requests are gathered
/// (see `PromiseSchedule.supplementNotice`) so that one notice lists everything the
/// departments asked for, instead of one message per department.
extension EngineStep {
    /// The promises' part of every step, run by `finish()` before the next timer is set:
    /// cards and rectification deadlines, then the notices this step calls for.
    mutating func keepPromises() {
        guard let policy = flow.promises, deadLetter == nil, let current = record, current.state != .invalid else { return }
        let wire = PromiseMessages(flow: flow, policy: policy, applicationID: applicationID, now: now)
        superviseCards(policy: policy, wire: wire)
        if announcements.contains(where: { $0.event == "accepted" }) {
            sendNotice(kind: "accepted", policy: policy, wire: wire)
        }
        if let notice = PromiseSchedule(engine: engine, policy: policy).supplementNotice(of: record ?? current),
           notice.due <= now {
            sendNotice(kind: "supplement", policy: policy, wire: wire, matters: notice.matters)
        }
        if loaded?.outcome == nil, let outcome = record?.outcome {
            sendNotice(kind: outcome.rawValue, policy: policy, wire: wire)
        }
    }

    private mutating func sendNotice(kind: String, policy: PromisePolicy, wire: PromiseMessages, matters: [MatterRecord] = []) {
        guard let current = record else { return }
        let notice = NoticeRecord(id: "\(applicationID):notice:\(current.promises.notices.count + 1)", kind: kind, at: now,
                                  covers: matters.map(PromiseSchedule.coverKey))
        record?.promises.notices.append(notice)
        guard let template = policy.notifications.templates[kind] else {
            note("notice", "No \(kind) template in the catalogue: the applicant was not told.")
            return
        }
        guard let phone = current.document[path: policy.notifications.phoneField]?.stringValue, !phone.isEmpty else {
            note("notice", "The form has no phone number at \(policy.notifications.phoneField): the \(kind) notice was not sent.")
            return
        }
        let items: [(json: JSONValue, text: String)] = matters.map { matter in
            let values = [
                "matter": matter.code, "matterName": wire.matterName(matter.code) ?? matter.code,
                "department": wire.departmentName(matter.department), "reason": matter.reason ?? "",
            ]
            let json = JSONValue.object(JSONObject([
                ("matter", .string(matter.code)), ("matterName", .string(values["matterName"] ?? matter.code)),
                ("department", .string(matter.department)), ("reason", matter.reason.map { .string($0) } ?? .null),
            ]))
            return (json, NoticeText.render(policy.notifications.itemTemplate, values: values, document: .null))
        }
        let approved = current.matters.filter { $0.state == .approved }.count
        let rejectedReason = current.matters.first { $0.state == .rejected }?.reason ?? ""
        var values = [
            "applicationId": applicationID,
            "matterCount": String(current.matters.count),
            "approvedCount": String(approved),
            "itemCount": String(items.count),
            "items": items.map(\.text).joined(separator: policy.notifications.itemSeparator),
            "reason": rejectedReason,
            "outcome": current.outcome?.rawValue ?? "",
        ]
        if let deadline = current.deadline { values["deadline"] = NoticeText.day(deadline) }
        let text = NoticeText.render(template, values: values, document: current.document)
        messages.append(wire.notice(notice, phone: phone, text: text, items: items.map(\.json)))
        note("notice", "The applicant was sent the \(kind) notice\(matters.isEmpty ? "" : " for \(matters.map(\.code).joined(separator: ", "))").")
    }
}
