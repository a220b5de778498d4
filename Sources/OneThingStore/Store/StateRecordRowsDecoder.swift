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

        /// Members of the record, in the order `StateRecordCodec.encode` writes them.
        enum RecordField: Int, CaseIterable {
            case format, epoch, writer, publishedThrough, application, processedEvents, pendingMessages
            static let keys = JSONKeys(allCases.map { "\($0)" })
        }

        mutating func record() throws(StoreError) -> RestorableRecord {
            var format: Int64?, epoch: Int64?, writer: String?, publishedThrough: Int64?
            var application: Application?
            var events: (text: [UInt8], newest: Int64)??
            var messages: [OutboxMessage]?
            var members = Members("state record")
            try parse { json throws(JSONParseError) in try json.beginObject() }
            var hint = 0
            while let index = try nextKey(RecordField.keys, hint: hint) {
                hint = index + 1
                guard let field = RecordField(rawValue: index) else {
                    try skipUnknown(&members)
                    continue
                }
                let key = RecordField.keys.strings[index]
                try members.see(index, key)
                switch field {
                case .format:
                    let value = try int(key, members)
                    guard value >= 1, value <= Int64(StateRecord.formatVersion) else {
                        throw StoreError.invalidData("state record has format \(value); this hub reads up to \(StateRecord.formatVersion)")
                    }
                    format = value
                case .epoch: epoch = try int(key, members)
                case .writer: writer = try string(key, members)
                case .publishedThrough: publishedThrough = try optionalInt(key, members)
                case .application: application = try self.application()
                case .processedEvents: events = try processedEvents()
                case .pendingMessages: messages = try pendingMessages()
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

        enum MessageField: Int, CaseIterable {
            case id, topic, partition, key, value, headers
            static let keys = JSONKeys(allCases.map { "\($0)" })
        }

        mutating func pendingMessage() throws(StoreError) -> OutboxMessage {
            var members = Members("pending message")
            try objectStart(members)
            var id: Int64?, topic: String?, partition: Int64?, key: [UInt8]?, value: [UInt8]?, headers: [StoredHeader]?
            var hint = 0
            while let index = try nextKey(MessageField.keys, hint: hint) {
                hint = index + 1
                guard let field = MessageField(rawValue: index) else {
                    try skipUnknown(&members)
                    continue
                }
                let name = MessageField.keys.strings[index]
                try members.see(index, name)
                switch field {
                case .id: id = try int(name, members)
                case .topic: topic = try string(name, members)
                case .partition: partition = try optionalInt(name, members)
                case .key: key = try optionalString(name, members).map { text throws(StoreError) in try base64(text, "key") }
                case .value: value = try base64(try string(name, members), "value")
                case .headers:
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
            /// The matters' values, `ApplicationRows.matterColumnCount` per matter, in order.
            var matterValues: [SQLValue] = []
            var matterCount = 0
            /// Whether the matters came before the id (their first value is then NULL).
            var mattersLackID = false
            var promises = PromiseRecords()

            func rows(epoch: Int64, events: (text: [UInt8], newest: Int64)?) -> RestoreRows {
                let application: [SQLValue] = [
                    .text(id), .text(flow), .text(state), .textBytes(document), .text(contentDigest), .text(submittedEventID),
                    date(acceptedAt), date(deadline), .text(outcome), .textBytes(errors ?? Self.emptyList),
                    .textBytes(notApplicable ?? Self.emptyList), .text(lastEvent), .text(lastEventMatter), date(updatedAt),
                    date(nextTimerAt), date(supplementSince), .bool(overdueNotified), .integer(epoch), .text(submittedSource),
                ]
                var matters = matterValues
                if mattersLackID {
                    for row in 0..<matterCount { matters[row * ApplicationRows.matterColumnCount] = .text(id) }
                }
                let eventValues: [SQLValue]? = events.map { [.text(id), .textBytes($0.text), date($0.newest)] }
                return RestoreRows(application: application, matters: matters, matterCount: matterCount,
                                   notices: promises.notices, of: id, events: eventValues)
            }

            static let emptyList = Array("[]".utf8)
        }

        /// Members of the application, in the order `StateRecordCodec.application` writes them.
        enum ApplicationField: Int, CaseIterable {
            case id, flow, state, document, contentDigest, submittedEventId, submittedSource, acceptedAt, deadline
            case supplementSince, overdueNotified, outcome, errors, notApplicable, lastEvent, lastEventMatter, updatedAt
            case nextTimerAt, matters, promises
            static let keys = JSONKeys(allCases.map { "\($0)" })
            /// Those a record must have, and what each must be.
            static let required: [(ApplicationField, String)] = [
                (.id, "a string"), (.flow, "a string"), (.state, "a string"), (.document, "present"),
                (.contentDigest, "a string"), (.submittedEventId, "a string"), (.lastEvent, "a string"),
                (.updatedAt, "an integer"), (.matters, "an array"),
            ]
        }

        mutating func application() throws(StoreError) -> Application {
            var members = Members("state record application")
            try objectStart(members)
            var application = Application()
            var hint = 0
            while let index = try nextKey(ApplicationField.keys, hint: hint) {
                hint = index + 1
                guard let field = ApplicationField(rawValue: index) else {
                    try skipUnknown(&members)
                    continue
                }
                let key = ApplicationField.keys.strings[index]
                try members.see(index, key)
                switch field {
                case .id: application.id = try string(key, members)
                case .flow: application.flow = try string(key, members)
                case .state:
                    application.state = try enumeration(ApplicationState.self, try string(key, members),
                                                        "state record application.state").rawValue
                case .document: application.document = Array(json.bytes[try skipValue()])
                case .contentDigest: application.contentDigest = try string(key, members)
                case .submittedEventId: application.submittedEventID = try string(key, members)
                case .lastEvent: application.lastEvent = try string(key, members)
                case .updatedAt: application.updatedAt = try milliseconds(try int(key, members), key, members)
                case .matters:
                    _ = try arrayStart(key, members)
                    let known = members.seen & (1 << UInt32(ApplicationField.id.rawValue)) != 0
                    application.mattersLackID = !known
                    let id: SQLValue = known ? .text(application.id) : .null
                    while try nextElement() {
                        try matter(at: application.matterCount, of: id, into: &application.matterValues)
                        application.matterCount += 1
                    }
                case .submittedSource: application.submittedSource = try optionalString(key, members) ?? ""
                case .acceptedAt: application.acceptedAt = try optionalDate(key, members)
                case .deadline: application.deadline = try optionalDate(key, members)
                case .supplementSince: application.supplementSince = try optionalDate(key, members)
                case .nextTimerAt: application.nextTimerAt = try optionalDate(key, members)
                case .overdueNotified: application.overdueNotified = try optionalBool(key, members) ?? false
                case .outcome:
                    application.outcome = try optionalString(key, members).map { raw throws(StoreError) in
                        try enumeration(Outcome.self, raw, "state record application.outcome").rawValue
                    }
                case .lastEventMatter: application.lastEventMatter = try optionalString(key, members)
                case .errors:
                    application.errors = try objectList(key, members, context: "error", fields: Self.issueFields)
                case .notApplicable:
                    application.notApplicable = try objectList(key, members, context: "not applicable", fields: Self.notApplicableFields)
                case .promises:
                    let value = try parse { json throws(JSONParseError) in try json.readValue() }
                    application.promises = try PromiseRecordsJSON.decode(value)
                }
            }
            for (field, type) in ApplicationField.required where members.seen & (1 << UInt32(field.rawValue)) == 0 {
                throw members.missing(ApplicationField.keys.strings[field.rawValue], type)
            }
            return application
        }

        static let issueFields = JSONKeys(["field", "code", "message"])
        static let notApplicableFields = JSONKeys(["matter", "reason"])

        /// A list of objects whose `fields` are strings (the application's errors and
        /// not-applicable matters), as the record holds it.
        mutating func objectList(_ name: String, _ members: Members, context: String, fields: JSONKeys) throws(StoreError) -> [UInt8] {
            guard try kind() != .null else { throw members.missing(name, "an array") }
            let start = try arrayStart(name, members)
            while try nextElement() {
                var item = Members(context)
                try objectStart(item)
                var hint = 0
                while let index = try nextKey(fields, hint: hint) {
                    hint = index + 1
                    guard index < fields.count else {
                        try skipUnknown(&item)
                        continue
                    }
                    try item.see(index, fields.strings[index])
                    _ = try string(fields.strings[index], item)
                }
                for index in 0..<fields.count where item.seen & (1 << UInt32(index)) == 0 {
                    throw item.missing(fields.strings[index], "a string")
                }
            }
            return Array(json.bytes[start..<json.offset])
        }

        /// Members of a matter, in the order `StateRecordCodec` writes them.
        enum MatterField: Int, CaseIterable {
            case code, department, state, revision, requestId, sentAt, lastSentAt, receivedAt, finalAt, deadline
            case supplementSince, pausedSeconds, resends, stalled, dueSoonNotified, overdueNotified, outputs, reason
            case requestDigests
            static let keys = JSONKeys(allCases.map { "\($0)" })
        }

        /// Appends a matter's 22 values (`ApplicationRows.matterValues`) to `values`.
        mutating func matter(at position: Int, of id: SQLValue, into values: inout [SQLValue]) throws(StoreError) {
            var members = Members("matter")
            try objectStart(members)
            var code: String?, department: String?, state: MatterState?, revision: Int64?
            var requestID: String?, reason: String?, digests: String?
            var sentAt: Int64?, lastSentAt: Int64?, receivedAt: Int64?, finalAt: Int64?, deadline: Int64?, supplementSince: Int64?
            var pausedSeconds = 0.0, resends: Int64 = 0
            var stalled = false, dueSoonNotified = false, overdueNotified = false
            var outputs: [UInt8]?
            var hint = 0
            while let index = try nextKey(MatterField.keys, hint: hint) {
                hint = index + 1
                guard let field = MatterField(rawValue: index) else {
                    try skipUnknown(&members)
                    continue
                }
                let key = MatterField.keys.strings[index]
                try members.see(index, key)
                switch field {
                case .code: code = try string(key, members)
                case .department: department = try string(key, members)
                case .state: state = try enumeration(MatterState.self, try string(key, members), "state record matter.state")
                case .revision: revision = try int(key, members)
                case .requestId: requestID = try optionalString(key, members)
                case .sentAt: sentAt = try optionalDate(key, members)
                case .lastSentAt: lastSentAt = try optionalDate(key, members)
                case .receivedAt: receivedAt = try optionalDate(key, members)
                case .finalAt: finalAt = try optionalDate(key, members)
                case .deadline: deadline = try optionalDate(key, members)
                case .supplementSince: supplementSince = try optionalDate(key, members)
                case .pausedSeconds: pausedSeconds = try optionalDouble(key, members) ?? 0
                case .resends: resends = try optionalInt(key, members) ?? 0
                case .stalled: stalled = try optionalBool(key, members) ?? false
                case .dueSoonNotified: dueSoonNotified = try optionalBool(key, members) ?? false
                case .overdueNotified: overdueNotified = try optionalBool(key, members) ?? false
                case .outputs:
                    switch try kind() {
                    case .null: _ = try null()
                    case .object: outputs = Array(json.bytes[try skipValue()])
                    default: throw members.missing(key, "an object")
                    }
                case .reason: reason = try optionalString(key, members)
                case .requestDigests: digests = try optionalString(key, members)
                }
            }
            guard let code else { throw members.missing("code", "a string") }
            guard let department else { throw members.missing("department", "a string") }
            guard let state else { throw members.missing("state", "a string") }
            guard let revision else { throw members.missing("revision", "an integer") }
            values.append(id)
            values.append(.text(code))
            values.append(.int(position))
            values.append(.text(department))
            values.append(.text(state.rawValue))
            values.append(.bool(state.isFinal))
            values.append(.int(Int(revision)))
            values.append(.text(requestID))
            values.append(date(sentAt))
            values.append(date(lastSentAt))
            values.append(date(receivedAt))
            values.append(date(finalAt))
            values.append(date(deadline))
            values.append(date(supplementSince))
            values.append(.real(pausedSeconds))
            values.append(.int(Int(resends)))
            values.append(.bool(stalled))
            values.append(.bool(dueSoonNotified))
            values.append(.bool(overdueNotified))
            values.append(.textBytes(outputs ?? Self.emptyObject))
            values.append(.text(reason))
            values.append(.text(ApplicationRows.requestDigestsColumn(ApplicationRows.requestDigests(digests))))
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

        /// Skips the value of a member this decoder does not know (`JSONReader.lastKey`).
        mutating func skipUnknown(_ members: inout Members) throws(StoreError) {
            let key = json.lastKey
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

        mutating func nextKey(_ keys: JSONKeys, hint: Int) throws(StoreError) -> Int? {
            try parse { json throws(JSONParseError) in try json.nextKey(in: keys, hint: hint) }
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
