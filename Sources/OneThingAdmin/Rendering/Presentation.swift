import Foundation
import OneThingExchange
import OneThingStore

/// How one run of hubctl shows things: the clock it judges deadlines by, the time zone
/// it prints in, and whether personal data is masked. Shared by every command so
/// their text and JSON agree.
struct Presentation {
    let now: Date
    let dates: DateText
    let redactor: PersonalDataRedactor

    // MARK: Text

    func date(_ date: Date?) -> String { dates.human(date) }

    func duration(_ seconds: Double?) -> String {
        seconds.map(DurationText.format(seconds:)) ?? "-"
    }

    /// "in 3h 05m" before the deadline, "overdue by 2d 01h" after it.
    func deadlineDistance(_ deadline: Date?) -> String {
        guard let deadline else { return "" }
        let remaining = deadline.timeIntervalSince(now)
        return remaining >= 0 ? "in \(DurationText.format(seconds: remaining))"
            : "overdue by \(DurationText.format(seconds: -remaining))"
    }

    /// `key=value, key=value` of a matter's outputs, masked.
    func outputsText(_ outputs: JSONObject) -> String {
        redactor.redact(outputs).map { key, value in "\(key)=\(Self.plain(value))" }.joined(separator: ", ")
    }

    /// A JSON value as a person reads it: strings without quotes.
    static func plain(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return String(decoding: value.serialized(), as: UTF8.self)
    }

    /// `a.b[0].c = value` lines of a document, in its own order.
    static func flattened(_ value: JSONValue, path: String = "") -> [(path: String, value: String)] {
        switch value {
        case .object(let object):
            if object.isEmpty { return path.isEmpty ? [] : [(path, "{}")] }
            return object.flatMap { key, element in flattened(element, path: path.isEmpty ? key : "\(path).\(key)") }
        case .array(let elements):
            if elements.isEmpty { return [(path, "[]")] }
            return elements.enumerated().flatMap { index, element in flattened(element, path: "\(path)[\(index)]") }
        default:
            return [(path, plain(value))]
        }
    }

    // MARK: JSON

    func json(_ date: Date?) -> JSONValue {
        date.map { .string(dates.iso($0)) } ?? .null
    }

    static func json(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    static func json(_ number: Double?) -> JSONValue {
        number.map(JSONValue.double) ?? .null
    }

    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(pairs))
    }

    /// The application's fields shared by `list` and `show` (document excluded).
    func applicationSummary(_ record: ApplicationRecord) -> [(String, JSONValue)] {
        [
            ("id", .string(record.id)),
            ("flow", .string(record.flow)),
            ("state", .string(record.state.rawValue)),
            ("outcome", Self.json(record.outcome?.rawValue)),
            ("acceptedAt", json(record.acceptedAt)),
            ("deadline", json(record.deadline)),
            ("updatedAt", json(record.updatedAt)),
            ("lastEvent", .string(record.lastEvent)),
            ("lastEventMatter", Self.json(record.lastEventMatter)),
        ]
    }

    func matterJSON(_ matter: MatterRecord, title: String?) -> JSONValue {
        Self.object([
            ("matter", .string(matter.code)),
            ("title", Self.json(title)),
            ("department", .string(matter.department)),
            ("state", .string(matter.state.rawValue)),
            ("revision", .int(Int64(matter.revision))),
            ("requestId", Self.json(matter.requestID)),
            ("deadline", json(matter.deadline)),
            ("sentAt", json(matter.sentAt)),
            ("lastSentAt", json(matter.lastSentAt)),
            ("receivedAt", json(matter.receivedAt)),
            ("finalAt", json(matter.finalAt)),
            ("supplementSince", json(matter.supplementSince)),
            ("pausedSeconds", .double(matter.pausedSeconds)),
            ("resends", .int(Int64(matter.resends))),
            ("stalled", .bool(matter.stalled)),
            ("outputs", .object(redactor.redact(matter.outputs))),
            ("reason", Self.json(matter.reason)),
        ])
    }

    func orderJSON(_ order: AdminOrder) -> JSONValue {
        let (kind, matter, reason): (String, String?, String?) = {
            switch order.kind {
            case .resend(let matter): return ("resend", matter, nil)
            case .withdraw(let reason): return ("withdraw", nil, reason)
            }
        }()
        return Self.object([
            ("id", .int(order.id)),
            ("applicationId", .string(order.applicationID)),
            ("kind", .string(kind)),
            ("matter", Self.json(matter)),
            ("reason", Self.json(reason)),
            ("requestedBy", .string(order.requestedBy)),
            ("requestedAt", json(order.requestedAt)),
            ("pending", .bool(order.isPending)),
            ("doneAt", json(order.doneAt)),
            ("result", Self.json(order.result)),
        ])
    }

    static func orderText(_ order: AdminOrder) -> String {
        switch order.kind {
        case .resend(let matter): return "resend \(matter)"
        case .withdraw(let reason): return "withdraw (\(reason))"
        }
    }
}
