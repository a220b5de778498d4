import Foundation
import OneThingExchange

/// The state record's bytes: compact JSON, versioned by `"format"`, every instant in Unix
/// milliseconds, binary message parts (key, value, header values) in base64. Absent
/// optional fields are left out. JSON because the topic is read by people and tools
/// (kcat) as much as by the hub; full state instead of deltas because a compacted topic
/// keeps only each key's newest record.
///
/// The Kafka headers of a record repeat what a restore needs before parsing the value
/// (`Header`), so superseded records of an uncompacted tail are never parsed.
public enum StateRecordCodec {
    /// Header names of a state record.
    public enum Header {
        public static let format = "state_format"
        public static let epoch = "state_epoch"
        public static let writer = "state_writer"
        public static let publishedThrough = "state_published_through"
    }

    public static func headers(of record: StateRecord) -> [StoredHeader] {
        var headers = [
            StoredHeader(key: Header.format, value: Array(String(StateRecord.formatVersion).utf8)),
            StoredHeader(key: Header.epoch, value: Array(String(record.epoch).utf8)),
            StoredHeader(key: Header.writer, value: Array(record.writer.utf8)),
        ]
        if let published = record.publishedThrough {
            headers.append(StoredHeader(key: Header.publishedThrough, value: Array(String(published).utf8)))
        }
        return headers
    }

    // MARK: Encoding

    /// The record as a JSON tree: the format's reference form. `encode` writes the same
    /// bytes as `tree(record).serialized()` without building the tree (see
    /// `StateRecordCodec+Writing.swift`).
    public static func tree(_ record: StateRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("format", .int(Int64(StateRecord.formatVersion))),
            ("epoch", .int(record.epoch)),
            ("writer", .string(record.writer)),
        ]
        if let published = record.publishedThrough { members.append(("publishedThrough", .int(published))) }
        members.append(("application", application(record.application)))
        members.append(("processedEvents", .array(record.processedEvents.map { .array([.string($0.key), .int($0.at.unixMilliseconds)]) })))
        members.append(("pendingMessages", .array(record.pendingMessages.map(message))))
        return JSONValue.object(JSONObject(members))
    }

    /// Also the application part of an archive line (`ArchiveRecordCodec`).
    static func application(_ record: ApplicationRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(record.id)), ("flow", .string(record.flow)), ("state", .string(record.state.rawValue)),
            ("document", record.document), ("contentDigest", .string(record.contentDigest)),
            ("submittedEventId", .string(record.submittedEventID)),
        ]
        if !record.submittedSource.isEmpty { members.append(("submittedSource", .string(record.submittedSource))) }
        members.reserveCapacity(20)
        optional(&members, "acceptedAt", record.acceptedAt)
        optional(&members, "deadline", record.deadline)
        optional(&members, "supplementSince", record.supplementSince)
        if record.overdueNotified { members.append(("overdueNotified", .bool(true))) }
        if let outcome = record.outcome { members.append(("outcome", .string(outcome.rawValue))) }
        if !record.errors.isEmpty { members.append(("errors", .array(record.errors.map(\.json)))) }
        if !record.notApplicable.isEmpty {
            members.append(("notApplicable", .array(record.notApplicable.map { item in
                .object(JSONObject([("matter", .string(item.matter)), ("reason", .string(item.reason))]))
            })))
        }
        members.append(("lastEvent", .string(record.lastEvent)))
        if let matter = record.lastEventMatter { members.append(("lastEventMatter", .string(matter))) }
        members.append(("updatedAt", .int(record.updatedAt.unixMilliseconds)))
        optional(&members, "nextTimerAt", record.nextTimerAt)
        members.append(("matters", .array(record.matters.map(matter))))
        if !record.promises.isEmpty { members.append(("promises", PromiseRecordsJSON.encode(record.promises))) }
        return .object(JSONObject(members))
    }

    private static func matter(_ matter: MatterRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(matter.code)), ("department", .string(matter.department)),
            ("state", .string(matter.state.rawValue)), ("revision", .int(Int64(matter.revision))),
        ]
        members.reserveCapacity(19)
        if let request = matter.requestID { members.append(("requestId", .string(request))) }
        optional(&members, "sentAt", matter.sentAt)
        optional(&members, "lastSentAt", matter.lastSentAt)
        optional(&members, "receivedAt", matter.receivedAt)
        optional(&members, "finalAt", matter.finalAt)
        optional(&members, "deadline", matter.deadline)
        optional(&members, "supplementSince", matter.supplementSince)
        if matter.pausedSeconds != 0 { members.append(("pausedSeconds", .double(matter.pausedSeconds))) }
        if matter.resends != 0 { members.append(("resends", .int(Int64(matter.resends)))) }
        if matter.stalled { members.append(("stalled", .bool(true))) }
        if matter.dueSoonNotified { members.append(("dueSoonNotified", .bool(true))) }
        if matter.overdueNotified { members.append(("overdueNotified", .bool(true))) }
        if !matter.outputs.isEmpty { members.append(("outputs", .object(matter.outputs))) }
        if let reason = matter.reason { members.append(("reason", .string(reason))) }
        if let digests = ApplicationRows.requestDigestsColumn(matter.requestDigests) {
            members.append(("requestDigests", .string(digests)))
        }
        return .object(JSONObject(members))
    }

    private static func message(_ message: OutboxMessage) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .int(message.id)), ("topic", .string(message.topic))]
        if let partition = message.partition { members.append(("partition", .int(Int64(partition)))) }
        if let key = message.key { members.append(("key", .string(base64(key)))) }
        members.append(("value", .string(base64(message.value))))
        members.append(("headers", .array(message.headers.map { .array([.string($0.key), .string(base64($0.value))]) })))
        return .object(JSONObject(members))
    }

    private static func optional(_ members: inout [(String, JSONValue)], _ name: String, _ date: Date?) {
        if let date { members.append((name, .int(date.unixMilliseconds))) }
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    // MARK: Decoding

    /// Reads a record; anything malformed or of a newer format is `.invalidData` naming
    /// what is wrong.
    public static func decode(_ bytes: [UInt8]) throws(StoreError) -> StateRecord {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw StoreError.invalidData("state record is not JSON: \(error)")
        }
        let root = try Fields(value, "state record")
        let format = try root.int("format")
        guard format >= 1, format <= Int64(StateRecord.formatVersion) else {
            throw StoreError.invalidData("state record has format \(format); this hub reads up to \(StateRecord.formatVersion)")
        }
        var application = try decodeApplication(try root.object("application"))
        application.ownerEpoch = try root.int("epoch")
        let events = try root.array("processedEvents").map { item throws(StoreError) -> ProcessedEvent in
            guard let pair = item.arrayValue, pair.count == 2, let key = pair[0].stringValue, let at = pair[1].intValue,
                  Date.storableMilliseconds.contains(at) else {
                throw StoreError.invalidData("state record: a processed event is not [key, milliseconds]")
            }
            return ProcessedEvent(key: key, at: Date(unixMilliseconds: at))
        }
        let messages = try root.array("pendingMessages").map { item throws(StoreError) in
            try decodeMessage(try Fields(item, "pending message"))
        }
        return StateRecord(application: application, writer: try root.string("writer"),
                           publishedThrough: try root.optionalInt("publishedThrough"),
                           processedEvents: events, pendingMessages: messages)
    }

    static func decodeApplication(_ fields: Fields) throws(StoreError) -> ApplicationRecord {
        let errors = try fields.optionalArray("errors").map { item throws(StoreError) -> FieldIssue in
            let issue = try Fields(item, "error")
            return FieldIssue(field: try issue.string("field"), code: try issue.string("code"), message: try issue.string("message"))
        }
        let notApplicable = try fields.optionalArray("notApplicable").map { item throws(StoreError) -> NotApplicable in
            let entry = try Fields(item, "not applicable")
            return NotApplicable(matter: try entry.string("matter"), reason: try entry.string("reason"))
        }
        let matters = try fields.array("matters").map { item throws(StoreError) in try decodeMatter(try Fields(item, "matter")) }
        var record = ApplicationRecord(
            id: try fields.string("id"), flow: try fields.string("flow"),
            state: try decodeEnum(ApplicationState.self, try fields.string("state"), column: "state record application.state"),
            document: try fields.value("document"), contentDigest: try fields.string("contentDigest"),
            submittedEventID: try fields.string("submittedEventId"), acceptedAt: try fields.optionalDate("acceptedAt"),
            deadline: try fields.optionalDate("deadline"),
            outcome: try fields.optionalString("outcome").map { raw throws(StoreError) in
                try decodeEnum(Outcome.self, raw, column: "state record application.outcome")
            },
            errors: errors, notApplicable: notApplicable, matters: matters,
            lastEvent: try fields.string("lastEvent"), lastEventMatter: try fields.optionalString("lastEventMatter"),
            updatedAt: try fields.date("updatedAt"), nextTimerAt: try fields.optionalDate("nextTimerAt"),
            supplementSince: try fields.optionalDate("supplementSince"),
            overdueNotified: try fields.optionalBool("overdueNotified") ?? false,
            submittedSource: try fields.optionalString("submittedSource") ?? "")
        if let promises = fields.object["promises"] { record.promises = try PromiseRecordsJSON.decode(promises) }
        return record
    }

    private static func decodeMatter(_ fields: Fields) throws(StoreError) -> MatterRecord {
        MatterRecord(
            code: try fields.string("code"), department: try fields.string("department"),
            state: try decodeEnum(MatterState.self, try fields.string("state"), column: "state record matter.state"),
            revision: Int(try fields.int("revision")), requestID: try fields.optionalString("requestId"),
            sentAt: try fields.optionalDate("sentAt"), lastSentAt: try fields.optionalDate("lastSentAt"),
            receivedAt: try fields.optionalDate("receivedAt"), finalAt: try fields.optionalDate("finalAt"),
            deadline: try fields.optionalDate("deadline"), supplementSince: try fields.optionalDate("supplementSince"),
            pausedSeconds: try fields.optionalDouble("pausedSeconds") ?? 0,
            resends: Int(try fields.optionalInt("resends") ?? 0), stalled: try fields.optionalBool("stalled") ?? false,
            dueSoonNotified: try fields.optionalBool("dueSoonNotified") ?? false,
            overdueNotified: try fields.optionalBool("overdueNotified") ?? false,
            outputs: try fields.optionalObject("outputs") ?? JSONObject(), reason: try fields.optionalString("reason"),
            requestDigests: ApplicationRows.requestDigests(try fields.optionalString("requestDigests")))
    }

    private static func decodeMessage(_ fields: Fields) throws(StoreError) -> OutboxMessage {
        let headers = try fields.array("headers").map { item throws(StoreError) -> StoredHeader in
            guard let pair = item.arrayValue, pair.count == 2, let key = pair[0].stringValue, let value = pair[1].stringValue else {
                throw StoreError.invalidData("state record: a message header is not [name, base64]")
            }
            return StoredHeader(key: key, value: try bytes(value, "header \(key)"))
        }
        return OutboxMessage(id: try fields.int("id"), topic: try fields.string("topic"),
                             key: try fields.optionalString("key").map { text throws(StoreError) in try bytes(text, "key") },
                             value: try bytes(try fields.string("value"), "value"), headers: headers,
                             partition: try fields.optionalInt("partition").map { Int32(truncatingIfNeeded: $0) })
    }

    private static func bytes(_ base64: String, _ what: String) throws(StoreError) -> [UInt8] {
        guard let data = Data(base64Encoded: base64) else {
            throw StoreError.invalidData("state record: the message's \(what) is not base64")
        }
        return Array(data)
    }

    /// Typed access to a JSON object's members, every failure naming the member.
    struct Fields {
        let object: JSONObject
        let context: String

        init(_ value: JSONValue, _ context: String) throws(StoreError) {
            guard let object = value.objectValue else { throw StoreError.invalidData("\(context) is not a JSON object") }
            self.object = object
            self.context = context
        }

        init(_ object: JSONObject, _ context: String) {
            self.object = object
            self.context = context
        }

        private func missing(_ name: String, _ type: String) -> StoreError {
            StoreError.invalidData("\(context): \"\(name)\" is missing or not \(type)")
        }

        func value(_ name: String) throws(StoreError) -> JSONValue {
            guard let value = object[name] else { throw missing(name, "present") }
            return value
        }

        func string(_ name: String) throws(StoreError) -> String {
            guard let value = object[name]?.stringValue else { throw missing(name, "a string") }
            return value
        }

        func int(_ name: String) throws(StoreError) -> Int64 {
            guard let value = object[name]?.intValue else { throw missing(name, "an integer") }
            return value
        }

        func object(_ name: String) throws(StoreError) -> Fields {
            guard let value = object[name]?.objectValue else { throw missing(name, "an object") }
            return Fields(value, "\(context) \(name)")
        }

        func array(_ name: String) throws(StoreError) -> [JSONValue] {
            guard let value = object[name]?.arrayValue else { throw missing(name, "an array") }
            return value
        }

        func optionalArray(_ name: String) throws(StoreError) -> [JSONValue] {
            guard let value = object[name] else { return [] }
            guard let array = value.arrayValue else { throw missing(name, "an array") }
            return array
        }

        func optionalString(_ name: String) throws(StoreError) -> String? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let string = value.stringValue else { throw missing(name, "a string") }
            return string
        }

        func optionalInt(_ name: String) throws(StoreError) -> Int64? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let int = value.intValue else { throw missing(name, "an integer") }
            return int
        }

        func optionalDouble(_ name: String) throws(StoreError) -> Double? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let double = value.doubleValue else { throw missing(name, "a number") }
            return double
        }

        func optionalBool(_ name: String) throws(StoreError) -> Bool? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let bool = value.boolValue else { throw missing(name, "a boolean") }
            return bool
        }

        func date(_ name: String) throws(StoreError) -> Date {
            let value = try int(name)
            guard Date.storableMilliseconds.contains(value) else {
                throw StoreError.invalidData("\(context): \"\(name)\" is out of range")
            }
            return Date(unixMilliseconds: value)
        }

        func optionalDate(_ name: String) throws(StoreError) -> Date? {
            guard let value = object[name], !value.isNull else { return nil }
            return try date(name)
        }

        func optionalObject(_ name: String) throws(StoreError) -> JSONObject? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let object = value.objectValue else { throw missing(name, "an object") }
            return object
        }
    }
}
