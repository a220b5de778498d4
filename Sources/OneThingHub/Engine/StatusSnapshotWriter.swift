import Foundation
import OneThingExchange
import OneThingStore

/// The status event's data (`StatusSnapshot` in `Topics/asyncapi.json`): a full snapshot, so a reader
/// needs only the latest. It is built from the record's own fields only, never from the
/// application form, so the ID number, names and accounts cannot leak into it; the only
/// values shown beyond states and times are approved matters' *public* outputs
/// (certificate numbers, dates, decisions). Every channel can read the status topic, so
/// outputs the catalogue marks internal (amounts, addresses) are left out: they reach only
/// the departments whose requests use them, and administrators through `hubctl`.
///
/// Written straight to bytes (`JSONBytes`): one snapshot goes out at every state change,
/// so this is on the hot path.
enum StatusSnapshotWriter {
    /// Events whose snapshot lists `errors`.
    static let eventsWithErrors: Set<String> = ["invalid", "conflict", "supplement-invalid"]

    /// - Parameter publicOutputs: the outputs of a matter code a snapshot may show.
    static func render(record: ApplicationRecord, event: String, matter: String?, errors: [FieldIssue],
                       publicOutputs: (String) -> [String]) -> [UInt8] {
        let shownErrors = eventsWithErrors.contains(event) ? (errors.isEmpty ? record.errors : errors) : []
        var out = JSONBytes(capacity: 512 + 160 * record.matters.count)
        out.raw("{")
        out.key("applicationId", first: true); out.string(record.id)
        out.key("state"); out.string(record.state.rawValue)
        out.key("event"); out.string(event)
        out.key("matter"); out.optionalString(matter)
        out.key("updatedAt"); out.time(record.updatedAt)
        out.key("acceptedAt"); out.time(record.acceptedAt)
        out.key("deadline"); out.time(record.deadline)
        out.key("outcome"); out.optionalString(record.outcome?.rawValue)
        out.key("errors"); writeErrors(shownErrors, to: &out)
        out.key("matters"); out.raw("[")
        for (index, item) in record.matters.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{")
            out.key("matter", first: true); out.string(item.code)
            out.key("department"); out.string(item.department)
            out.key("state"); out.string(item.state.rawValue)
            out.key("revision"); out.int(item.revision)
            out.key("deadline"); out.time(item.deadline)
            out.key("reason"); out.optionalString(item.reason)
            out.key("outputs")
            if item.state == .approved && !item.outputs.isEmpty {
                out.object(shown(item.outputs, publicOutputs(item.code)))
            } else {
                out.raw("{}")
            }
            out.raw("}")
        }
        out.raw("]")
        out.key("notApplicable"); out.raw("[")
        for (index, item) in record.notApplicable.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{")
            out.key("matter", first: true); out.string(item.matter)
            out.key("reason"); out.string(item.reason)
            out.raw("}")
        }
        out.raw("]}")
        return out.bytes
    }

    /// The public outputs among `outputs`, in their order (the outputs themselves when all are).
    private static func shown(_ outputs: JSONObject, _ names: [String]) -> JSONObject {
        if outputs.keys.allSatisfy(names.contains) { return outputs }
        var kept = JSONObject()
        for (key, value) in outputs where names.contains(key) { kept[key] = value }
        return kept
    }

    /// A snapshot for an id the hub keeps no record of (e.g. a withdrawal of an unknown
    /// application): state `invalid`, the problems listed, nothing else known.
    static func unrecorded(applicationID: String, event: String, errors: [FieldIssue], at now: Date) -> [UInt8] {
        var out = JSONBytes(capacity: 512)
        out.raw("{")
        out.key("applicationId", first: true); out.string(applicationID)
        out.key("state"); out.string(ApplicationState.invalid.rawValue)
        out.key("event"); out.string(event)
        out.key("matter"); out.raw("null")
        out.key("updatedAt"); out.time(now)
        out.key("acceptedAt"); out.raw("null")
        out.key("deadline"); out.raw("null")
        out.key("outcome"); out.raw("null")
        out.key("errors"); writeErrors(errors, to: &out)
        out.key("matters"); out.raw("[]")
        out.key("notApplicable"); out.raw("[]")
        out.raw("}")
        return out.bytes
    }

    private static func writeErrors(_ errors: [FieldIssue], to out: inout JSONBytes) {
        out.raw("[")
        for (index, issue) in errors.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{")
            out.key("field", first: true); out.string(issue.field)
            out.key("code"); out.string(issue.code)
            out.key("message"); out.string(issue.message)
            out.raw("}")
        }
        out.raw("]")
    }
}
