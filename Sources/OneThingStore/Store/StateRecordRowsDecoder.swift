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
    /// Decodes `bytes`, appending the rows' values to `values` (when it throws, `values`
    /// may hold part of them: see `RestorableRecord.decode`).
    static func decode(_ bytes: [UInt8], into values: inout SQLRowValues) throws(StoreError) -> RestorableRecord {
        var reader = Reader(JSONReader(bytes: bytes))
        swap(&reader.rows, &values)
        defer { swap(&reader.rows, &values) }
        return try reader.record()
    }

    /// The decoder's state: the JSON reader, what the record's members tell, and the
    /// rows' values (texts are read straight into their buffer).
    private struct Reader {
        var json: JSONReader
        var rows = SQLRowValues()

        init(_ json: JSONReader) { self.json = json }

        // MARK: The record

        /// Members of the record, in the order `StateRecordCodec.encode` writes them.
        enum RecordField: Int, CaseIterable, ObjectFields {
            case format, epoch, writer, publishedThrough, application, processedEvents, pendingMessages
            static let keys = JSONKeys(allCases.map { "\($0)" })
        }

        mutating func record() throws(StoreError) -> RestorableRecord {
            var format: Int64?, epoch: Int64?, writer: String?, publishedThrough: Int64?
            var application: Application?
            var events: (text: SQLRowValues.StoredText, newest: Int64)??
            var messages: [OutboxMessage]?
            var members = Members("state record")
            try parse { json throws(JSONParseError) in try json.beginObject() }
            while let (field, key) = try nextMember(RecordField.self, &members) {
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
                                    promises: application.promises, rows: application.appendRows(epoch: epoch, events: events, to: &rows))
        }

        /// `[[key, milliseconds], ...]` as the record holds it (the `restored_events`
        /// column), and its newest instant; nil: none.
        mutating func processedEvents() throws(StoreError) -> (text: SQLRowValues.StoredText, newest: Int64)? {
            let start = try arrayStart("processedEvents")
            var newest: Int64?
            while try nextElement() {
                let bad = StoreError.invalidData("state record: a processed event is not [key, milliseconds]")
                guard try kind() == .array else { throw bad }
                try parse { json throws(JSONParseError) in try json.beginArray() }
                guard try nextElement(), try kind() == .string else { throw bad }
                _ = try skipValue()
                guard try nextElement(), try kind() == .number,
                      let at = try parse({ json throws(JSONParseError) in try json.readInteger() }),
                      !(try nextElement()) else { throw bad }
                guard Date.storableMilliseconds.contains(at) else { throw bad }
                newest = max(newest ?? at, at)
            }
            guard let newest else { return nil }
            return (rows.store(utf8: json.bytes[start..<json.offset]), newest)
        }

        mutating func pendingMessages() throws(StoreError) -> [OutboxMessage] {
            _ = try arrayStart("pendingMessages")
            var messages: [OutboxMessage] = []
            while try nextElement() {
                messages.append(try pendingMessage())
            }
            return messages
        }

        enum MessageField: Int, CaseIterable, ObjectFields {
            case id, topic, partition, key, value, headers
            static let keys = JSONKeys(allCases.map { "\($0)" })
        }

        mutating func pendingMessage() throws(StoreError) -> OutboxMessage {
            var members = Members("pending message")
            try objectStart(members)
            var id: Int64?, topic: String?, partition: Int64?, key: [UInt8]?, value: [UInt8]?, headers: [StoredHeader]?
            while let (field, name) = try nextMember(MessageField.self, &members) {
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

        /// What the application object holds, as column values; texts only bound are kept
        /// in the rows' buffer already.
        struct Application {
            typealias Text = SQLRowValues.StoredText
            var id = ""
            var idText: Text?
            var state = ""
            var flow: Text?, contentDigest: Text?, submittedEventID: Text?, lastEvent: Text?
            var document: Text?
            var submittedSource: Text?
            var acceptedAt: Int64?, deadline: Int64?, supplementSince: Int64?, nextTimerAt: Int64?
            var updatedAt: Int64 = 0
            var overdueNotified = false
            var outcome: String?
            var errors: Text?
            var notApplicable: Text?
            var lastEventMatter: Text?
            /// Where the matters' values lie (`ApplicationRows.matterColumnCount` per
            /// matter, in order); nil until the matters are read.
            var matters: Range<Int>?
            var matterCount = 0
            /// Whether the matters came before the id (their first value is then NULL).
            var mattersLackID = false
            var promises = PromiseRecords()

            /// Appends the application's row, its notices' rows and its keys' row to
            /// `rows` (its matters' rows are there already), and says where each lies.
            func appendRows(epoch: Int64, events: (text: Text, newest: Int64)?, to rows: inout SQLRowValues) -> RestoreRows {
                let id = idText ?? rows.store(utf8: self.id.utf8)
                if mattersLackID, let matters {
                    for row in 0..<matterCount { rows.setText(at: matters.lowerBound + row * ApplicationRows.matterColumnCount, id) }
                }
                let applicationStart = rows.count
                rows.appendText(id)
                rows.appendText(flow)
                rows.appendText(state)
                rows.appendText(document)
                rows.appendText(contentDigest)
                rows.appendText(submittedEventID)
                rows.appendMilliseconds(stored(acceptedAt))
                rows.appendMilliseconds(stored(deadline))
                rows.appendText(outcome)
                if let errors { rows.appendText(errors) } else { rows.appendText(utf8: Self.emptyList) }
                if let notApplicable { rows.appendText(notApplicable) } else { rows.appendText(utf8: Self.emptyList) }
                rows.appendText(lastEvent)
                rows.appendText(lastEventMatter)
                rows.appendMilliseconds(stored(updatedAt))
                rows.appendMilliseconds(stored(nextTimerAt))
                rows.appendMilliseconds(stored(supplementSince))
                rows.appendBool(overdueNotified)
                rows.appendInteger(epoch)
                if let submittedSource { rows.appendText(submittedSource) } else { rows.appendText("") }
                let noticesStart = rows.count
                rows.append(contentsOf: RestoreRows.noticeValues(promises.notices, of: self.id))
                let eventsStart = rows.count
                if let events {
                    rows.appendText(id)
                    rows.appendText(events.text)
                    rows.appendMilliseconds(stored(events.newest))
                }
                return RestoreRows(application: applicationStart..<noticesStart, matters: matters ?? applicationStart..<applicationStart,
                                   notices: noticesStart..<eventsStart, events: events == nil ? nil : eventsStart..<rows.count)
            }

            static let emptyList = Array("[]".utf8)
        }

        /// Members of the application, in the order `StateRecordCodec.application` writes them.
        enum ApplicationField: Int, CaseIterable, ObjectFields {
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
            while let (field, key) = try nextMember(ApplicationField.self, &members) {
                switch field {
                case .id:
                    application.id = try string(key, members)
                    application.idText = rows.store(utf8: application.id.utf8)
                case .flow: application.flow = try storedString(key, members)
                case .state:
                    application.state = try enumeration(ApplicationState.self, try string(key, members),
                                                        "state record application.state").rawValue
                case .document: application.document = rows.store(utf8: json.bytes[try skipValue()])
                case .contentDigest: application.contentDigest = try storedString(key, members)
                case .submittedEventId: application.submittedEventID = try storedString(key, members)
                case .lastEvent: application.lastEvent = try storedString(key, members)
                case .updatedAt: application.updatedAt = try milliseconds(try int(key, members), key, members)
                case .matters:
                    _ = try arrayStart(key, members)
                    let idText = application.idText
                    application.mattersLackID = idText == nil
                    let start = rows.count
                    while try nextElement() {
                        try matter(at: application.matterCount, of: idText)
                        application.matterCount += 1
                    }
                    application.matters = start..<rows.count
                case .submittedSource: application.submittedSource = try optionalStoredString(key, members)
                case .acceptedAt: application.acceptedAt = try optionalDate(key, members)
                case .deadline: application.deadline = try optionalDate(key, members)
                case .supplementSince: application.supplementSince = try optionalDate(key, members)
                case .nextTimerAt: application.nextTimerAt = try optionalDate(key, members)
                case .overdueNotified: application.overdueNotified = try optionalBool(key, members) ?? false
                case .outcome:
                    application.outcome = try optionalString(key, members).map { raw throws(StoreError) in
                        try enumeration(Outcome.self, raw, "state record application.outcome").rawValue
                    }
                case .lastEventMatter: application.lastEventMatter = try optionalStoredString(key, members)
                case .errors:
                    application.errors = try objectList(key, members, context: "error", fields: Self.issueFields)
                case .notApplicable:
                    application.notApplicable = try objectList(key, members, context: "not applicable", fields: Self.notApplicableFields)
                case .promises:
                    let start = json
                    if let promises = PromiseNoticesReader.read(&json) {
                        application.promises = promises
                    } else {
                        json = start
                        let value = try parse { json throws(JSONParseError) in try json.readValue() }
                        application.promises = try PromiseRecordsJSON.decode(value)
                    }
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
        mutating func objectList(_ name: String, _ members: Members, context: String,
                                 fields: JSONKeys) throws(StoreError) -> SQLRowValues.StoredText {
            guard try kind() != .null else { throw members.missing(name, "an array") }
            let start = try arrayStart(name, members)
            while try nextElement() {
                var item = Members(context)
                try objectStart(item)
                while let index = try nextMember(fields, &item) {
                    _ = try string(fields.strings[index], item)
                }
                for index in 0..<fields.count where item.seen & (1 << UInt32(index)) == 0 {
                    throw item.missing(fields.strings[index], "a string")
                }
            }
            return rows.store(utf8: json.bytes[start..<json.offset])
        }

        /// Members of a matter, in the order `StateRecordCodec` writes them.
        enum MatterField: Int, CaseIterable, ObjectFields {
            case code, department, state, revision, requestId, sentAt, lastSentAt, receivedAt, finalAt, deadline
            case supplementSince, pausedSeconds, resends, stalled, dueSoonNotified, overdueNotified, outputs, reason
            case requestDigests
            static let keys = JSONKeys(allCases.map { "\($0)" })
        }

        /// Appends a matter's 22 values (`ApplicationRows.matterValues`) to the rows
        /// (`id` nil: the application's id is not known yet, its place is NULL for now).
        mutating func matter(at position: Int, of id: SQLRowValues.StoredText?) throws(StoreError) {
            var members = Members("matter")
            try objectStart(members)
            typealias Text = SQLRowValues.StoredText
            var code: Text?, department: Text?, state: MatterState?, revision: Int64?
            var requestID: Text?, reason: Text?, digests: String?
            var sentAt: Int64?, lastSentAt: Int64?, receivedAt: Int64?, finalAt: Int64?, deadline: Int64?, supplementSince: Int64?
            var pausedSeconds = 0.0, resends: Int64 = 0
            var stalled = false, dueSoonNotified = false, overdueNotified = false
            var outputs: Text?
            while let (field, key) = try nextMember(MatterField.self, &members) {
                switch field {
                case .code: code = try storedString(key, members)
                case .department: department = try storedString(key, members)
                case .state: state = try enumeration(MatterState.self, try string(key, members), "state record matter.state")
                case .revision: revision = try int(key, members)
                case .requestId: requestID = try optionalStoredString(key, members)
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
                    case .object: outputs = rows.store(utf8: json.bytes[try skipValue()])
                    default: throw members.missing(key, "an object")
                    }
                case .reason: reason = try optionalStoredString(key, members)
                case .requestDigests: digests = try optionalString(key, members)
                }
            }
            guard let code else { throw members.missing("code", "a string") }
            guard let department else { throw members.missing("department", "a string") }
            guard let state else { throw members.missing("state", "a string") }
            guard let revision else { throw members.missing("revision", "an integer") }
            rows.appendText(id)
            rows.appendText(code)
            rows.appendInteger(Int64(position))
            rows.appendText(department)
            rows.appendText(state.rawValue)
            rows.appendBool(state.isFinal)
            rows.appendInteger(revision)
            rows.appendText(requestID)
            rows.appendMilliseconds(stored(sentAt))
            rows.appendMilliseconds(stored(lastSentAt))
            rows.appendMilliseconds(stored(receivedAt))
            rows.appendMilliseconds(stored(finalAt))
            rows.appendMilliseconds(stored(deadline))
            rows.appendMilliseconds(stored(supplementSince))
            rows.appendReal(pausedSeconds)
            rows.appendInteger(resends)
            rows.appendBool(stalled)
            rows.appendBool(dueSoonNotified)
            rows.appendBool(overdueNotified)
            if let outputs { rows.appendText(outputs) } else { rows.appendText(utf8: Self.emptyObject) }
            rows.appendText(reason)
            rows.appendText(ApplicationRows.requestDigestsColumn(ApplicationRows.requestDigests(digests)))
        }

        static let emptyObject = Array("{}".utf8)

        // MARK: Members

        /// The members of one object seen so far (a key twice is refused, as the parser
        /// refuses it), for errors that name the member.
        struct Members {
            let context: String
            var seen: UInt32 = 0
            /// The key expected next: the one after the last found.
            var hint = 0
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

        /// The index in `keys` of the object's next member that this decoder knows (its
        /// value comes next), members it does not know skipped and a key seen twice
        /// refused; nil at the object's end. Members are looked for in the order
        /// `StateRecordCodec` writes them (`Members.hint`).
        mutating func nextMember(_ keys: JSONKeys, _ members: inout Members) throws(StoreError) -> Int? {
            while let index = try nextKey(keys, hint: members.hint) {
                members.hint = index + 1
                guard index < keys.count else {
                    try skipUnknown(&members)
                    continue
                }
                try members.see(index, keys.strings[index])
                return index
            }
            return nil
        }

        /// `nextMember` for an object whose members are `Field`'s cases: the next one, and
        /// its key.
        mutating func nextMember<Field: ObjectFields>(_ type: Field.Type,
                                                      _ members: inout Members) throws(StoreError) -> (Field, String)? {
            guard let index = try nextMember(Field.keys, &members), let field = Field(rawValue: index) else { return nil }
            return (field, Field.keys.strings[index])
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

        /// A string member's text, read straight into the rows' buffer for a value
        /// appended later.
        mutating func storedString(_ name: String, _ members: Members) throws(StoreError) -> SQLRowValues.StoredText {
            guard try kind() == .string else { throw members.missing(name, "a string") }
            do {
                return try rows.store(from: &json) { json, buffer throws(JSONParseError) in try json.readString(appendingTo: &buffer) }
            } catch {
                throw StoreError.invalidData("state record is not JSON: \(error)")
            }
        }

        mutating func optionalStoredString(_ name: String, _ members: Members) throws(StoreError) -> SQLRowValues.StoredText? {
            if try null() { return nil }
            return try storedString(name, members)
        }

        mutating func int(_ name: String, _ members: Members) throws(StoreError) -> Int64 {
            guard try kind() == .number,
                  let value = try parse({ json throws(JSONParseError) in try json.readInteger() }) else {
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

/// An instant of a record as the store binds it: through `Date`, as the record decoded
/// whole is (`SQLValue.date`), so both bind the same number at any instant.
private func stored(_ milliseconds: Int64?) -> Int64? {
    milliseconds.map { Date(unixMilliseconds: $0).unixMilliseconds }
}

/// The members of one kind of object in a state record, in the order
/// `StateRecordCodec` writes them; `keys` names them, case by case.
private protocol ObjectFields: RawRepresentable<Int> {
    static var keys: JSONKeys { get }
}
