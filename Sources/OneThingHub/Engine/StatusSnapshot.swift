import Foundation
import OneThingExchange
import OneThingStore

/// The status event's data (contract.md "Status events"): a full snapshot, so a reader
/// needs only the latest. It is built from the record's own fields only, never from the
/// application form, so the ID number, names and accounts cannot leak into it; the only
/// values shown beyond states and times are approved matters' outputs, which the contract
/// shows to the applicant on purpose.
enum StatusSnapshot {
    /// Events whose snapshot lists `errors`.
    static let eventsWithErrors: Set<String> = ["invalid", "conflict", "supplement-invalid"]

    static func render(record: ApplicationRecord, event: String, matter: String?, errors: [FieldIssue]) -> JSONValue {
        let shownErrors = eventsWithErrors.contains(event) ? (errors.isEmpty ? record.errors : errors) : []
        var matters: [JSONValue] = []
        matters.reserveCapacity(record.matters.count)
        for item in record.matters {
            matters.append(.object(JSONObject([
                ("matter", .string(item.code)),
                ("department", .string(item.department)),
                ("state", .string(item.state.rawValue)),
                ("revision", .int(Int64(item.revision))),
                ("deadline", time(item.deadline)),
                ("reason", item.reason.map(JSONValue.string) ?? .null),
                ("outputs", .object(item.state == .approved ? item.outputs : JSONObject())),
            ])))
        }
        return .object(JSONObject([
            ("applicationId", .string(record.id)),
            ("state", .string(record.state.rawValue)),
            ("event", .string(event)),
            ("matter", matter.map(JSONValue.string) ?? .null),
            ("updatedAt", time(record.updatedAt)),
            ("acceptedAt", time(record.acceptedAt)),
            ("deadline", time(record.deadline)),
            ("outcome", record.outcome.map { .string($0.rawValue) } ?? .null),
            ("errors", .array(shownErrors.map(\.json))),
            ("matters", .array(matters)),
            ("notApplicable", .array(record.notApplicable.map { item in
                .object(JSONObject([("matter", .string(item.matter)), ("reason", .string(item.reason))]))
            })),
        ]))
    }

    /// A snapshot for an id the hub keeps no record of (e.g. a withdrawal of an unknown
    /// application): state `invalid`, the problems listed, nothing else known.
    static func unrecorded(applicationID: String, event: String, errors: [FieldIssue], at now: Date) -> JSONValue {
        .object(JSONObject([
            ("applicationId", .string(applicationID)),
            ("state", .string(ApplicationState.invalid.rawValue)),
            ("event", .string(event)),
            ("matter", .null),
            ("updatedAt", .string(HubTime.rfc3339(now))),
            ("acceptedAt", .null),
            ("deadline", .null),
            ("outcome", .null),
            ("errors", .array(errors.map(\.json))),
            ("matters", .array([])),
            ("notApplicable", .array([])),
        ]))
    }

    private static func time(_ date: Date?) -> JSONValue {
        date.map { .string(HubTime.rfc3339($0)) } ?? .null
    }
}
