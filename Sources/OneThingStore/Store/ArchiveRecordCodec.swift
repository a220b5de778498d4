import Foundation
import OneThingExchange

/// One line of an archive file: an `ArchivedApplication` as compact JSON (no newline
/// inside), versioned by `"format"`, instants in Unix milliseconds. The application part
/// is written exactly as in a state record (`StateRecordCodec`), so one reader serves
/// both, and it carries the application's promises (`"promises"`, left out when there
/// are none): what retention moves out keeps its evaluations, rectifications, cards and
/// notices. Lines written before the promises existed simply have none. The format is documented in the README ("Retention and the archive").
///
/// ```json
/// {"format":1,"archivedAt":1767225600000,"writer":"9f3c…","application":{…},
///  "history":[{"at":…,"kind":"submitted","eventId":"…","detail":"…"}],
///  "orders":[{"id":1,"kind":"resend","matter":"M05","requestedBy":"ops","requestedAt":…,"doneAt":…,"result":"…"}],
///  "processedEvents":[["/channels/online same-id-1",1767225600000]]}
/// ```
public enum ArchiveRecordCodec {
    public static let formatVersion = 1

    public static func encode(_ archived: ArchivedApplication) -> [UInt8] {
        let members: [(String, JSONValue)] = [
            ("format", .int(Int64(formatVersion))),
            ("archivedAt", .int(archived.archivedAt.unixMilliseconds)),
            ("writer", .string(archived.writer)),
            ("application", StateRecordCodec.application(archived.application)),
            ("history", .array(archived.history.map(history))),
            ("orders", .array(archived.orders.map(order))),
            ("processedEvents", .array(archived.processedEvents.map { .array([.string($0.key), .int($0.at.unixMilliseconds)]) })),
        ]
        return JSONValue.object(JSONObject(members)).serialized()
    }

    private static func history(_ entry: HistoryEntry) -> JSONValue {
        var members: [(String, JSONValue)] = [("at", .int(entry.at.unixMilliseconds)), ("kind", .string(entry.kind))]
        if let matter = entry.matter { members.append(("matter", .string(matter))) }
        if let event = entry.eventID { members.append(("eventId", .string(event))) }
        members.append(("detail", .string(entry.detail)))
        return .object(JSONObject(members))
    }

    private static func order(_ order: AdminOrder) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .int(order.id))]
        switch order.kind {
        case .resend(let matter):
            members += [("kind", .string("resend")), ("matter", .string(matter))]
        case .withdraw(let reason):
            members += [("kind", .string("withdraw")), ("reason", .string(reason))]
        }
        members += [("requestedBy", .string(order.requestedBy)), ("requestedAt", .int(order.requestedAt.unixMilliseconds))]
        if let done = order.doneAt { members.append(("doneAt", .int(done.unixMilliseconds))) }
        if let result = order.result { members.append(("result", .string(result))) }
        return .object(JSONObject(members))
    }

    /// Reads one line; anything malformed or of a newer format is `.invalidData`.
    public static func decode(_ bytes: [UInt8]) throws(StoreError) -> ArchivedApplication {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw StoreError.invalidData("archive line is not JSON: \(error)")
        }
        let root = try StateRecordCodec.Fields(value, "archive line")
        let format = try root.int("format")
        guard format >= 1, format <= Int64(formatVersion) else {
            throw StoreError.invalidData("archive line has format \(format); this hub reads up to \(formatVersion)")
        }
        let application = try StateRecordCodec.decodeApplication(try root.object("application"))
        let history = try root.array("history").map { item throws(StoreError) -> HistoryEntry in
            let fields = try StateRecordCodec.Fields(item, "history entry")
            return HistoryEntry(applicationID: application.id, at: Date(unixMilliseconds: try fields.int("at")),
                                kind: try fields.string("kind"), matter: try fields.optionalString("matter"),
                                eventID: try fields.optionalString("eventId"), detail: try fields.string("detail"))
        }
        let orders = try root.array("orders").map { item throws(StoreError) -> AdminOrder in
            let fields = try StateRecordCodec.Fields(item, "order")
            let kind: AdminOrder.Kind
            switch try fields.string("kind") {
            case "resend": kind = .resend(matter: try fields.string("matter"))
            case "withdraw": kind = .withdraw(reason: try fields.optionalString("reason") ?? "")
            case let other: throw StoreError.invalidData("archive line: unknown order kind \"\(other)\"")
            }
            return AdminOrder(id: try fields.int("id"), applicationID: application.id, kind: kind,
                              requestedBy: try fields.string("requestedBy"),
                              requestedAt: Date(unixMilliseconds: try fields.int("requestedAt")),
                              doneAt: try fields.optionalDate("doneAt"), result: try fields.optionalString("result"))
        }
        let events = try root.array("processedEvents").map { item throws(StoreError) -> ProcessedEvent in
            guard let pair = item.arrayValue, pair.count == 2, let key = pair[0].stringValue, let at = pair[1].intValue else {
                throw StoreError.invalidData("archive line: a processed event is not [key, milliseconds]")
            }
            return ProcessedEvent(key: key, at: Date(unixMilliseconds: at))
        }
        return ArchivedApplication(application: application, history: history, orders: orders, processedEvents: events,
                                   archivedAt: Date(unixMilliseconds: try root.int("archivedAt")),
                                   writer: try root.string("writer"))
    }
}
