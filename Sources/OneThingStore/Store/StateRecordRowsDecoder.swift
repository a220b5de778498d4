import Foundation
import OneThingExchange

/// Reads a state record (`StateRecordCodec`'s format) straight into the values of the
/// rows a restore inserts (`RestorableRecord`), with a pull reader (`JSONReader`):
/// no `JSONValue` tree of the record is built, and the members the store keeps as JSON
/// text (the application's document, its not-applicable list and errors, each matter's
/// outputs, the de-duplication keys) are checked and kept as the record holds them
/// instead of being built and serialized again. Why: a restore parses every record of a
/// partition before the partition's input is processed, and building and freeing the
/// tree cost most of it.
///
/// It takes what `StateRecordCodec.decode` takes, field for field (the tests hold them to
/// it); anything it refuses is judged again by that decoder (`RestorableRecord.decode`),
/// so its own errors only need to say roughly what is wrong.
enum StateRecordRowsDecoder {
    static func decode(_ bytes: [UInt8]) throws(StoreError) -> RestorableRecord {
        var reader = Reader(JSONReader(bytes: bytes))
        return try reader.record()
    }

    /// The decoder's state: the JSON reader, and what the record's members tell.
    private struct Reader {
        var json: JSONReader

        init(_ json: JSONReader) { self.json = json }

        // MARK: The record

        mutating func record() throws(StoreError) -> RestorableRecord {
            var format: Int64?, epoch: Int64?, writer: String?, publishedThrough: Int64?
            var application: Application?
            var events: (text: [UInt8], newest: Int64)??
            var messages: [OutboxMessage]?
            var members = Members("state record")
            try parse { json throws(JSONParseError) in try json.beginObject() }
            while let key = try nextKey() {
                switch key {
                case "format":
                    try members.see(0, key)
                    let value = try int(key, members)
                    guard value >= 1, value <= Int64(StateRecord.formatVersion) else {
                        throw StoreError.invalidData("state record has format \(value); this hub reads up to \(StateRecord.formatVersion)")
                    }
                    format = value
                case "epoch": try members.see(1, key); epoch = try int(key, members)
                case "writer": try members.see(2, key); writer = try string(key, members)
                case "publishedThrough": try members.see(3, key); publishedThrough = try optionalInt(key, members)
                case "application": try members.see(4, key); application = try self.application()
                case "processedEvents": try members.see(5, key); events = try processedEvents()
                case "pendingMessages": try members.see(6, key); messages = try pendingMessages()
                default: try skip(key, &members)
                }
            }
            try parse { json throws(JSONParseError) in try json.end() }
            guard format != nil else { throw members.missing("format", "an integer") }
            guard let epoch else { throw members.missing("epoch", "an integer") }
            guard let writer else { throw members.missing("writer", "a string") }
            guard let application else { throw members.missing("application", "an object") }
            guard let events else { throw members.missing("processedEvents", "an array") }
            guard let messages else { throw members.missing("pendingMessages", "an array") }
            return RestorableRecord(applicationID: application.id, writer: writer, epoch: epoch,
                                    publishedThrough: publishedThrough, pendingMessages: messages,
                                    promises: application.promises, rows: application.rows(epoch: epoch, events: events))
        }

        /// `[[key, milliseconds], ...]` as the record holds it (the `restored_events`
        /// column), and its newest instant; nil: none.
        mutating func processedEvents() throws(StoreError) -> (text: [UInt8], newest: Int64)? {
            let start = try arrayStart("processedEvents")
            var newest: Int64?
            while try nextElement() {
                let bad = StoreError.invalidData("state record: a processed event is not [key, milliseconds]")
                guard try kind() == .array else { throw bad }
                try parse { json throws(JSONParseError) in try json.beginArray() }
                guard try nextElement(), try kind() == .string else { throw bad }
                _ = try skipValue()
                guard try nextElement(), try kind() == .number,
                      case .int(let at) = try parse({ json throws(JSONParseError) in try json.readNumber() }),
                      !(try nextElement()) else { throw bad }
                guard Date.storableMilliseconds.contains(at) else { throw bad }
                newest = max(newest ?? at, at)
            }
            guard let newest else { return nil }
            return (Array(json.bytes[start..<json.offset]), newest)
        }

        mutating func pendingMessages() throws(StoreError) -> [OutboxMessage] {
            _ = try arrayStart("pendingMessages")
            var messages: [OutboxMessage] = []
            while try nextElement() {
                messages.append(try pendingMessage())
            }
            return messages
        }

        mutating func pendingMessage() throws(StoreError) -> OutboxMessage {
            var members = Members("pending message")
            try objectStart(members)
            var id: Int64?, topic: String?, partition: Int64?, key: [UInt8]?, value: [UInt8]?, headers: [StoredHeader]?
            while let name = try nextKey() {
                switch name {
                case "id": try members.see(0, name); id = try int(name, members)
                case "topic": try members.see(1, name); topic = try string(name, members)
                case "partition": try members.see(2, name); partition = try optionalInt(name, members)
                case "key": try members.see(3, name); key = try optionalString(name, members).map { text throws(StoreError) in try base64(text, "key") }
                case "value": try members.see(4, name); value = try base64(try string(name, members), "value")
                case "headers":
                    try members.see(5, name)
                    _ = try arrayStart(name, members)
                    var list: [StoredHeader] = []
                    while try nextElement() {
                        let bad = StoreError.invalidData("state record: a message header is not [name, base64]")
                        guard try kind() == .array else { throw bad }
                        try parse { json throws(JSONParseError) in try json.beginArray() }
                        guard try nextElement(), try kind() == .string else { throw bad }
                        let header = try parse { json throws(JSONParseError) in try json.readString() }
                        guard try nextElement(), try kind() == .string else { throw bad }
                        let text = try parse { json throws(JSONParseError) in try json.readString() }
                        guard !(try nextElement()) else { throw bad }
                        list.append(StoredHeader(key: header, value: try base64(text, "header \(header)")))
                    }
                    headers = list
                default: try skip(name, &members)
                }
            }
            guard let headers else { throw members.missing("headers", "an array") }
            guard let id else { throw members.missing("id", "an integer") }
            guard let topic else { throw members.missing("topic", "a string") }
            guard let value else { throw members.missing("value", "a string") }
            return OutboxMessage(id: id, topic: topic, key: key, value: value, headers: headers,
                                 partition: partition.map { Int32(truncatingIfNeeded: $0) })
        }

        func base64(_ text: String, _ what: String) throws(StoreError) -> [UInt8] {
            guard let data = Data(base64Encoded: text) else {
                throw StoreError.invalidData("state record: the message's \(what) is not base64")
            }
            return Array(data)
        }

        // MARK: The application

        /// What the application object holds, as column values.
        struct Application {
            var id = "", flow = "", state = "", contentDigest = "", submittedEventID = "", lastEvent = ""
            var document: [UInt8] = []
            var submittedSource = ""
            var acceptedAt: Int64?, deadline: Int64?, supplementSince: Int64?, nextTimerAt: Int64?
            var updatedAt: Int64 = 0
            var overdueNotified = false
            var outcome: String?
            var errors: [UInt8]?
            var notApplicable: [UInt8]?
            var lastEventMatter: String?
            /// Each matter's values with the application id left NULL (it may come later).
            var matters: [[SQLValue]] = []
            var promises = PromiseRecords()

            func rows(epoch: Int64, events: (text: [UInt8], newest: Int64)?) -> RestoreRows {
                let application: [SQLValue] = [
                    .text(id), .text(flow), .text(state), .textBytes(document), .text(contentDigest), .text(submittedEventID),
                    date(acceptedAt), date(deadline), .text(outcome), .textBytes(errors ?? Self.emptyList),
                    .textBytes(notApplicable ?? Self.emptyList), .text(lastEvent), .text(lastEventMatter), date(updatedAt),
                    date(nextTimerAt), date(supplementSince), .bool(overdueNotified), .integer(epoch), .text(submittedSource),
                ]
                var statements: [(rows: Int, values: [SQLValue])] = []
                for slice in matters.chunked(StoreWriter.restoreRowsPerStatement) {
                    var values: [SQLValue] = []
                    values.reserveCapacity(slice.count * ApplicationRows.matterColumnCount)
                    for var matter in slice {
                        matter[0] = .text(id)
                        values.append(contentsOf: matter)
                    }
                    statements.append((slice.count, values))
                }
                let eventValues: [SQLValue]? = events.map { [.text(id), .textBytes($0.text), date($0.newest)] }
                return RestoreRows(application: application, matters: statements, events: eventValues)
            }

            static let emptyList = Array("[]".utf8)
        }

        mutating func application() throws(StoreError) -> Application {
            var members = Members("state record application")
            try objectStart(members)
            var application = Application()
            while let key = try nextKey() {
                switch key {
                case "id": try members.see(0, key); application.id = try string(key, members)
                case "flow": try members.see(1, key); application.flow = try string(key, members)
                case "state":
                    try members.see(2, key)
                    application.state = try enumeration(ApplicationState.self, try string(key, members),
                                                        "state record application.state").rawValue
                case "document":
                    try members.see(3, key)
                    let range = try skipValue()
                    application.document = Array(json.bytes[range])
                case "contentDigest": try members.see(4, key); application.contentDigest = try string(key, members)
                case "submittedEventId": try members.see(5, key); application.submittedEventID = try string(key, members)
                case "lastEvent": try members.see(6, key); application.lastEvent = try string(key, members)
                case "updatedAt": try members.see(7, key); application.updatedAt = try milliseconds(try int(key, members), key, members)
                case "matters":
                    try members.see(8, key)
                    _ = try arrayStart(key, members)
                    while try nextElement() {
                        application.matters.append(try matter(at: application.matters.count))
                    }
                case "submittedSource": try members.see(9, key); application.submittedSource = try optionalString(key, members) ?? ""
                case "acceptedAt": try members.see(10, key); application.acceptedAt = try optionalDate(key, members)
                case "deadline": try members.see(11, key); application.deadline = try optionalDate(key, members)
                case "supplementSince": try members.see(12, key); application.supplementSince = try optionalDate(key, members)
                case "nextTimerAt": try members.see(13, key); application.nextTimerAt = try optionalDate(key, members)
                case "overdueNotified": try members.see(14, key); application.overdueNotified = try optionalBool(key, members) ?? false
                case "outcome":
                    try members.see(15, key)
                    application.outcome = try optionalString(key, members).map { raw throws(StoreError) in
                        try enumeration(Outcome.self, raw, "state record application.outcome").rawValue
                    }
                case "lastEventMatter": try members.see(16, key); application.lastEventMatter = try optionalString(key, members)
                case "errors":
                    try members.see(17, key)
                    application.errors = try objectList(key, members, context: "error", fields: ["field", "code", "message"])
                case "notApplicable":
                    try members.see(18, key)
                    application.notApplicable = try objectList(key, members, context: "not applicable", fields: ["matter", "reason"])
                case "promises":
                    try members.see(19, key)
                    let value = try parse { json throws(JSONParseError) in try json.readValue() }
                    application.promises = try PromiseRecordsJSON.decode(value)
                default: try skip(key, &members)
                }
            }
            let required = members.seen & 0x1FF
            guard required == 0x1FF else {
                let names = [("id", "a string"), ("flow", "a string"), ("state", "a string"), ("document", "present"),
                             ("contentDigest", "a string"), ("submittedEventId", "a string"), ("lastEvent", "a string"),
                             ("updatedAt", "an integer"), ("matters", "an array")]
                let absent = names.indices.first { required & (1 << UInt32($0)) == 0 } ?? 0
                throw members.missing(names[absent].0, names[absent].1)
            }
            return application
        }

        /// A list of objects whose `fields` are strings (the application's errors and
        /// not-applicable matters), as the record holds it.
        mutating func objectList(_ name: String, _ members: Members, context: String, fields: [String]) throws(StoreError) -> [UInt8] {
            guard try kind() != .null else { throw members.missing(name, "an array") }
            let start = try arrayStart(name, members)
            while try nextElement() {
                var item = Members(context)
                try objectStart(item)
                while let key = try nextKey() {
                    if let index = fields.firstIndex(of: key) {
                        try item.see(index, key)
                        _ = try string(key, item)
                    } else {
                        try skip(key, &item)
                    }
                }
                for (index, field) in fields.enumerated() where item.seen & (1 << UInt32(index)) == 0 {
                    throw item.missing(field, "a string")
                }
            }
            return Array(json.bytes[start..<json.offset])
        }

        /// A matter's 22 values (`ApplicationRows.matterValues`), the application id NULL.
        mutating func matter(at position: Int) throws(StoreError) -> [SQLValue] {
            var members = Members("matter")
            try objectStart(members)
            var code: String?, department: String?, state: MatterState?, revision: Int64?
            var requestID: String?, reason: String?, digests: String?
            var dates = [Int64?](repeating: nil, count: 6)
            var pausedSeconds = 0.0, resends: Int64 = 0
            var flags = [false, false, false]
            var outputs: [UInt8]?
            while let key = try nextKey() {
                switch key {
                case "code": try members.see(0, key); code = try string(key, members)
                case "department": try members.see(1, key); department = try string(key, members)
                case "state":
                    try members.see(2, key)
                    state = try enumeration(MatterState.self, try string(key, members), "state record matter.state")
                case "revision": try members.see(3, key); revision = try int(key, members)
                case "requestId": try members.see(4, key); requestID = try optionalString(key, members)
                case "sentAt": try members.see(5, key); dates[0] = try optionalDate(key, members)
                case "lastSentAt": try members.see(6, key); dates[1] = try optionalDate(key, members)
                case "receivedAt": try members.see(7, key); dates[2] = try optionalDate(key, members)
                case "finalAt": try members.see(8, key); dates[3] = try optionalDate(key, members)
                case "deadline": try members.see(9, key); dates[4] = try optionalDate(key, members)
                case "supplementSince": try members.see(10, key); dates[5] = try optionalDate(key, members)
                case "pausedSeconds": try members.see(11, key); pausedSeconds = try optionalDouble(key, members) ?? 0
                case "resends": try members.see(12, key); resends = try optionalInt(key, members) ?? 0
                case "stalled": try members.see(13, key); flags[0] = try optionalBool(key, members) ?? false
                case "dueSoonNotified": try members.see(14, key); flags[1] = try optionalBool(key, members) ?? false
                case "overdueNotified": try members.see(15, key); flags[2] = try optionalBool(key, members) ?? false
                case "outputs":
                    try members.see(16, key)
                    switch try kind() {
                    case .null: _ = try null()
                    case .object:
                        let range = try skipValue()
                        outputs = Array(json.bytes[range])
                    default: throw members.missing(key, "an object")
                    }
                case "reason": try members.see(17, key); reason = try optionalString(key, members)
                case "requestDigests": try members.see(18, key); digests = try optionalString(key, members)
                default: try skip(key, &members)
                }
            }
            guard let code else { throw members.missing("code", "a string") }
            guard let department else { throw members.missing("department", "a string") }
            guard let state else { throw members.missing("state", "a string") }
            guard let revision else { throw members.missing("revision", "an integer") }
            var values: [SQLValue] = [.null, .text(code), .int(position), .text(department), .text(state.rawValue),
                                      .bool(state.isFinal), .int(Int(revision)), .text(requestID)]
            values.reserveCapacity(ApplicationRows.matterColumnCount)
            for at in dates { values.append(date(at)) }
            values += [.real(pausedSeconds), .int(Int(resends)), .bool(flags[0]), .bool(flags[1]), .bool(flags[2]),
                       .textBytes(outputs ?? Self.emptyObject), .text(reason),
                       .text(ApplicationRows.requestDigestsColumn(ApplicationRows.requestDigests(digests)))]
            return values
        }

        static let emptyObject = Array("{}".utf8)

        // MARK: Members

        /// The members of one object seen so far (a key twice is refused, as the parser
        /// refuses it), for errors that name the member.
        struct Members {
            let context: String
            var seen: UInt32 = 0
            /// Keys this decoder does not know (skipped), kept to refuse them twice too.
            var unknown: [String] = []

            init(_ context: String) { self.context = context }

            mutating func see(_ bit: Int, _ key: String) throws(StoreError) {
                let mask: UInt32 = 1 << UInt32(bit)
                guard seen & mask == 0 else { throw duplicate(key) }
                seen |= mask
            }

            func duplicate(_ key: String) -> StoreError {
                StoreError.invalidData("state record is not JSON: duplicate key \"\(key)\" in \(context)")
            }

            func missing(_ name: String, _ type: String) -> StoreError {
                StoreError.invalidData("\(context): \"\(name)\" is missing or not \(type)")
            }
        }

        mutating func skip(_ key: String, _ members: inout Members) throws(StoreError) {
            guard !members.unknown.contains(key) else { throw members.duplicate(key) }
            members.unknown.append(key)
            _ = try skipValue()
        }

        // MARK: Typed values

        /// Runs a step of the JSON reader; its failure is the record's.
        mutating func parse<T>(_ step: (inout JSONReader) throws(JSONParseError) -> T) throws(StoreError) -> T {
            do {
                return try step(&json)
            } catch {
                throw StoreError.invalidData("state record is not JSON: \(error)")
            }
        }

        mutating func nextKey() throws(StoreError) -> String? {
            try parse { json throws(JSONParseError) in try json.nextKey() }
        }

        mutating func nextElement() throws(StoreError) -> Bool {
            try parse { json throws(JSONParseError) in try json.nextElement() }
        }

        mutating func skipValue() throws(StoreError) -> Range<Int> {
            try parse { json throws(JSONParseError) in try json.skipValue() }
        }

        /// Reads a `null` if one comes next (true).
        mutating func null() throws(StoreError) -> Bool {
            try parse { json throws(JSONParseError) in try json.readNull() }
        }

        mutating func kind() throws(StoreError) -> JSONReader.Kind {
            try parse { json throws(JSONParseError) in try json.peek() }
        }

        mutating func objectStart(_ members: Members) throws(StoreError) {
            guard try kind() == .object else { throw StoreError.invalidData("\(members.context) is not a JSON object") }
            try parse { json throws(JSONParseError) in try json.beginObject() }
        }

        /// Enters the array that comes next; returns where it starts.
        mutating func arrayStart(_ name: String, _ members: Members = Members("state record")) throws(StoreError) -> Int {
            guard try kind() == .array else { throw members.missing(name, "an array") }
            let start = json.offset
            try parse { json throws(JSONParseError) in try json.beginArray() }
            return start
        }

        mutating func string(_ name: String, _ members: Members) throws(StoreError) -> String {
            guard try kind() == .string else { throw members.missing(name, "a string") }
            return try parse { json throws(JSONParseError) in try json.readString() }
        }

        mutating func optionalString(_ name: String, _ members: Members) throws(StoreError) -> String? {
            if try null() { return nil }
            return try string(name, members)
        }

        mutating func int(_ name: String, _ members: Members) throws(StoreError) -> Int64 {
            guard try kind() == .number,
                  case .int(let value) = try parse({ json throws(JSONParseError) in try json.readNumber() }) else {
                throw members.missing(name, "an integer")
            }
            return value
        }

        mutating func optionalInt(_ name: String, _ members: Members) throws(StoreError) -> Int64? {
            if try null() { return nil }
            return try int(name, members)
        }

        mutating func optionalDouble(_ name: String, _ members: Members) throws(StoreError) -> Double? {
            if try null() { return nil }
            guard try kind() == .number else { throw members.missing(name, "a number") }
            switch try parse({ json throws(JSONParseError) in try json.readNumber() }) {
            case .int(let value): return Double(value)
            case .double(let value): return value
            default: throw members.missing(name, "a number")
            }
        }

        mutating func optionalBool(_ name: String, _ members: Members) throws(StoreError) -> Bool? {
            if try null() { return nil }
            guard try kind() == .bool else { throw members.missing(name, "a boolean") }
            return try parse { json throws(JSONParseError) in try json.readBool() }
        }

        mutating func optionalDate(_ name: String, _ members: Members) throws(StoreError) -> Int64? {
            try optionalInt(name, members).map { value throws(StoreError) in try milliseconds(value, name, members) }
        }

        func milliseconds(_ value: Int64, _ name: String, _ members: Members) throws(StoreError) -> Int64 {
            guard Date.storableMilliseconds.contains(value) else {
                throw StoreError.invalidData("\(members.context): \"\(name)\" is out of range")
            }
            return value
        }

        func enumeration<E: RawRepresentable>(_ type: E.Type, _ raw: String, _ column: String) throws(StoreError) -> E
        where E.RawValue == String {
            try decodeEnum(type, raw, column: column)
        }
    }
}

/// An instant of a record, as the store binds it (`SQLValue.date`).
private func date(_ milliseconds: Int64?) -> SQLValue {
    milliseconds.map { SQLValue.date(Date(unixMilliseconds: $0)) } ?? .null
}
