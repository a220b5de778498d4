import Foundation
import OneThingExchange

/// `PromiseRecords` as JSON, for the state record (`StateRecordCodec`): instants in Unix
/// milliseconds, absent optionals left out, like the rest of the record.
enum PromiseRecordsJSON {
    static func encode(_ promises: PromiseRecords) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if !promises.evaluations.isEmpty {
            members.append(("evaluations", .array(promises.evaluations.map { item in
                var fields: [(String, JSONValue)] = [("channel", .string(item.channel))]
                if let matter = item.matter { fields.append(("matter", .string(matter))) }
                fields += [("department", .string(item.department)), ("level", .string(item.level)),
                           ("score", .int(Int64(item.score)))]
                if let comment = item.comment { fields.append(("comment", .string(comment))) }
                fields += [("at", .int(item.at.unixMilliseconds)), ("eventId", .string(item.eventID))]
                return .object(JSONObject(fields))
            })))
        }
        if !promises.rectifications.isEmpty {
            members.append(("rectifications", .array(promises.rectifications.map { item in
                var fields: [(String, JSONValue)] = [("id", .string(item.id)), ("department", .string(item.department))]
                if let matter = item.matter { fields.append(("matter", .string(matter))) }
                fields += [("channel", .string(item.channel)), ("level", .string(item.level))]
                if let comment = item.comment { fields.append(("comment", .string(comment))) }
                fields += [("openedAt", .int(item.openedAt.unixMilliseconds)), ("deadline", .int(item.deadline.unixMilliseconds))]
                if let closed = item.closedAt { fields.append(("closedAt", .int(closed.unixMilliseconds))) }
                if let note = item.note { fields.append(("note", .string(note))) }
                if item.overdueNotified { fields.append(("overdueNotified", .bool(true))) }
                return .object(JSONObject(fields))
            })))
        }
        if !promises.cards.isEmpty {
            members.append(("cards", .array(promises.cards.map { item in
                var fields: [(String, JSONValue)] = [
                    ("id", .string(item.id)), ("subject", .string(item.subject)), ("department", .string(item.department)),
                    ("level", .string(item.level)), ("recipient", .string(item.recipient)),
                    ("openedAt", .int(item.openedAt.unixMilliseconds)),
                ]
                if let at = item.acknowledgedAt { fields.append(("acknowledgedAt", .int(at.unixMilliseconds))) }
                if let at = item.rectifiedAt { fields.append(("rectifiedAt", .int(at.unixMilliseconds))) }
                if let note = item.note { fields.append(("note", .string(note))) }
                if let at = item.closedAt { fields.append(("closedAt", .int(at.unixMilliseconds))) }
                return .object(JSONObject(fields))
            })))
        }
        if !promises.notices.isEmpty {
            members.append(("notices", .array(promises.notices.map { item in
                .object(JSONObject([("id", .string(item.id)), ("kind", .string(item.kind)),
                                    ("at", .int(item.at.unixMilliseconds)),
                                    ("covers", .array(item.covers.map { .string($0) }))]))
            })))
        }
        return .object(JSONObject(members))
    }

    static func decode(_ value: JSONValue) throws(StoreError) -> PromiseRecords {
        guard let root = value.objectValue else { throw StoreError.invalidData("state record: promises is not an object") }
        var promises = PromiseRecords()
        promises.evaluations = try items(root, "evaluations") { item throws(StoreError) in
            EvaluationRecord(channel: try text(item, "channel"), matter: item["matter"]?.stringValue,
                             department: try text(item, "department"), level: try text(item, "level"),
                             score: Int(try number(item, "score")), comment: item["comment"]?.stringValue,
                             at: try date(item, "at"), eventID: try text(item, "eventId"))
        }
        promises.rectifications = try items(root, "rectifications") { item throws(StoreError) in
            RectificationRecord(id: try text(item, "id"), department: try text(item, "department"),
                                matter: item["matter"]?.stringValue, channel: try text(item, "channel"),
                                level: try text(item, "level"), comment: item["comment"]?.stringValue,
                                openedAt: try date(item, "openedAt"), deadline: try date(item, "deadline"),
                                closedAt: try optionalDate(item, "closedAt"), note: item["note"]?.stringValue,
                                overdueNotified: item["overdueNotified"]?.boolValue ?? false)
        }
        promises.cards = try items(root, "cards") { item throws(StoreError) in
            CardRecord(id: try text(item, "id"), subject: try text(item, "subject"), department: try text(item, "department"),
                       level: try text(item, "level"), recipient: try text(item, "recipient"),
                       openedAt: try date(item, "openedAt"), acknowledgedAt: try optionalDate(item, "acknowledgedAt"),
                       rectifiedAt: try optionalDate(item, "rectifiedAt"), note: item["note"]?.stringValue,
                       closedAt: try optionalDate(item, "closedAt"))
        }
        promises.notices = try items(root, "notices") { item throws(StoreError) in
            NoticeRecord(id: try text(item, "id"), kind: try text(item, "kind"), at: try date(item, "at"),
                         covers: item["covers"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        return promises
    }

    private static func items<T>(_ root: JSONObject, _ name: String,
                                 _ decode: (JSONObject) throws(StoreError) -> T) throws(StoreError) -> [T] {
        guard let value = root[name] else { return [] }
        guard let array = value.arrayValue else { throw StoreError.invalidData("state record: promises.\(name) is not an array") }
        var result: [T] = []
        for element in array {
            guard let object = element.objectValue else {
                throw StoreError.invalidData("state record: promises.\(name) lists something other than objects")
            }
            result.append(try decode(object))
        }
        return result
    }

    private static func text(_ object: JSONObject, _ name: String) throws(StoreError) -> String {
        guard let value = object[name]?.stringValue else { throw StoreError.invalidData("state record: promises: \"\(name)\" is missing") }
        return value
    }

    private static func number(_ object: JSONObject, _ name: String) throws(StoreError) -> Int64 {
        guard let value = object[name]?.intValue else { throw StoreError.invalidData("state record: promises: \"\(name)\" is not an integer") }
        return value
    }

    private static func date(_ object: JSONObject, _ name: String) throws(StoreError) -> Date {
        let value = try number(object, name)
        guard Date.storableMilliseconds.contains(value) else {
            throw StoreError.invalidData("state record: promises: \"\(name)\" is out of range")
        }
        return Date(unixMilliseconds: value)
    }

    /// Absent or not an integer: none (as before instants were checked).
    private static func optionalDate(_ object: JSONObject, _ name: String) throws(StoreError) -> Date? {
        guard object[name]?.intValue != nil else { return nil }
        return try date(object, name)
    }
}
