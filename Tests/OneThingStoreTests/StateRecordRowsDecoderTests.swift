import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// The restore's decoder (`StateRecordRowsDecoder`) reads a state record straight into
/// the values of its rows: the same values, field for field, as the record decoded whole
/// (`StateRecordCodec.decode`, then `RestoreRows`), and it refuses what that decoder
/// refuses.
@Suite struct StateRecordRowsDecoderTests {
    /// A record with every field set (and every kind of promise).
    private func everyField() -> StateRecord {
        var application = sampleRecord(id: "APP-R-1", updatedAt: instant(42.123))
        application.state = .awaitingSupplement
        application.errors = [FieldIssue(field: "pension.to", code: "invalid-date", message: "月份无效 \"引号\"")]
        application.notApplicable = [NotApplicable(matter: "M01", reason: "不适用"), NotApplicable(matter: "M03", reason: "n/a")]
        application.lastEventMatter = "M05"
        application.acceptedAt = instant(0.5)
        application.deadline = instant(86_400)
        application.nextTimerAt = instant(600)
        application.supplementSince = instant(20)
        application.overdueNotified = true
        application.outcome = .partiallyCompleted
        application.ownerEpoch = 7
        application.submittedSource = "/channels/bank/icbc"
        application.matters[0] = MatterRecord(
            code: "M10", department: "hrss", state: .approved, revision: 3, requestID: "APP-R-1:M10:r3",
            sentAt: instant(1), lastSentAt: instant(601), receivedAt: instant(2), finalAt: instant(3.5),
            deadline: instant(86_401), supplementSince: instant(4), pausedSeconds: 12.25, resends: 2, stalled: true,
            dueSoonNotified: true, overdueNotified: true,
            outputs: JSONObject([("pensionAccount", "P-001"), ("amount", .double(3120.5)), ("months", 420), ("nested", ["a", 1])]),
            reason: "缺少缴费证明", requestDigests: [String(repeating: "ab", count: 32), String(repeating: "cd", count: 32)])
        application.promises = PromiseRecords(
            evaluations: [EvaluationRecord(channel: "/channels/online", matter: "M10", department: "hrss", level: "satisfied",
                                           score: 4, comment: "好", at: instant(100), eventID: "e-1")],
            rectifications: [RectificationRecord(id: "APP-R-1:rect:1", department: "hrss", matter: nil, channel: "/channels/online",
                                                 level: "dissatisfied", comment: nil, openedAt: instant(100), deadline: instant(500),
                                                 closedAt: nil, note: nil, overdueNotified: false)],
            cards: [CardRecord(id: "APP-R-1:card:1", subject: "M10", department: "police", level: "yellow",
                               recipient: "liaison", openedAt: instant(50))],
            notices: [NoticeRecord(id: "APP-R-1:notice:1", kind: "supplement", at: instant(40), covers: ["M05:r1"])])
        let message = OutboxMessage(id: 12, topic: "retirement.requests.hrss", key: Array("APP-R-1".utf8),
                                    value: Array("{\"请求\":1}".utf8),
                                    headers: [StoredHeader(key: "ce_id", value: Array("APP-R-1:M10:r3".utf8)),
                                              StoredHeader(key: "empty", value: [])],
                                    partition: 2)
        let keyless = OutboxMessage(id: 13, topic: "retirement.status", key: nil, value: [0, 1, 2, 255], headers: [],
                                    partition: nil)
        return StateRecord(application: application, writer: "writer-1", publishedThrough: 11,
                           processedEvents: [ProcessedEvent(key: "src\u{1F}ce-1", at: instant(1)),
                                             ProcessedEvent(key: "src\u{1F}ce-2 \"q\"", at: instant(9))],
                           pendingMessages: [message, keyless])
    }

    /// The fewest fields a record may have.
    private func fewestFields() -> StateRecord {
        var application = sampleRecord(id: "APP-R-2")
        application.submittedSource = ""
        application.matters = []
        return StateRecord(application: application, writer: "w", publishedThrough: nil, processedEvents: [], pendingMessages: [])
    }

    /// A decoded record with its rows' values read back from their flat buffer.
    private struct Decoded {
        let record: RestorableRecord
        let application: [SQLValue]
        let matters: [SQLValue]
        let notices: [SQLValue]
        let events: [SQLValue]?
        var matterCount: Int { record.rows.matterCount }

        init(_ record: RestorableRecord, _ values: SQLRowValues) {
            self.record = record
            application = values.sqlValues(record.rows.application)
            matters = values.sqlValues(record.rows.matters)
            notices = values.sqlValues(record.rows.notices)
            events = record.rows.events.map(values.sqlValues)
        }
    }

    /// Decoded by the rows decoder, after other values already in the buffer (so every
    /// range is checked to point at its own values).
    private func decodeLean(_ bytes: [UInt8]) throws -> Decoded {
        var values = SQLRowValues()
        values.appendText("before")
        values.appendInteger(1)
        let record = try StateRecordRowsDecoder.decode(bytes, into: &values)
        return Decoded(record, values)
    }

    /// Decoded whole, then made into rows.
    private func decodeWhole(_ state: StateRecord) -> Decoded {
        var values = SQLRowValues()
        let record = RestorableRecord(state, into: &values)
        return Decoded(record, values)
    }

    /// The differences between two decodings (empty: the same). `spacing`: whether JSON
    /// text must be the same bytes (else the same JSON).
    private func differences(_ lean: Decoded, _ whole: Decoded, spacing: Bool = true) -> [String] {
        var found: [String] = []
        func compare<T: Equatable>(_ name: String, _ a: T, _ b: T) {
            if a != b { found.append("\(name): \(a) != \(b)") }
        }
        func compareRows(_ name: String, _ a: [SQLValue]?, _ b: [SQLValue]?) {
            func unspaced(_ values: [SQLValue]?) -> [SQLValue]? {
                guard !spacing else { return values }
                return values?.map { value in
                    guard case .textBytes(let text) = value, let json = try? JSONValue(parsing: text) else { return value }
                    return .textBytes(json.serialized())
                }
            }
            let (a, b) = (unspaced(a) ?? [], unspaced(b) ?? [])
            guard a != b else { return }
            guard a.count == b.count else { return found.append("\(name): \(a.count) values != \(b.count)") }
            for index in a.indices where a[index] != b[index] {
                found.append("\(name)[\(index)]: \(a[index]) != \(b[index])")
            }
        }
        compare("applicationID", lean.record.applicationID, whole.record.applicationID)
        compare("writer", lean.record.writer, whole.record.writer)
        compare("epoch", lean.record.epoch, whole.record.epoch)
        compare("publishedThrough", lean.record.publishedThrough, whole.record.publishedThrough)
        compare("pendingMessages", lean.record.pendingMessages, whole.record.pendingMessages)
        compare("promises", lean.record.promises, whole.record.promises)
        compareRows("application row", lean.application, whole.application)
        compare("matters", lean.matterCount, whole.matterCount)
        compareRows("matter values", lean.matters, whole.matters)
        compareRows("notice values", lean.notices, whole.notices)
        compareRows("events row", lean.events, whole.events)
        return found
    }

    @Test func decodesEveryFieldAsTheWholeRecordDoes() throws {
        for record in [everyField(), fewestFields()] {
            let bytes = StateRecordCodec.encode(record)
            let lean = try decodeLean(bytes)
            let found = differences(lean, decodeWhole(record)) + differences(lean, decodeWhole(try StateRecordCodec.decode(bytes)))
            #expect(found == [], "\(found)")
        }
        // Many matters (more than one multi-row statement holds).
        var many = everyField()
        many.application.matters = (0..<(StoreWriter.restoreRowsPerStatement + 3)).map { index in
            var matter = everyField().application.matters[0]
            matter.code = "X\(index)"
            return matter
        }
        let lean = try decodeLean(StateRecordCodec.encode(many))
        #expect(lean.matterCount == StoreWriter.restoreRowsPerStatement + 3)
        #expect(differences(lean, decodeWhole(many)) == [])
    }

    /// The document, outputs and lists are kept as the record holds them: for a record the
    /// hub wrote, the same bytes as serializing them again.
    @Test func keepsTheTextOfJSONColumnsAsSerialized() throws {
        let record = everyField()
        let lean = try decodeLean(StateRecordCodec.encode(record))
        #expect(lean.application[3] == .textBytes(record.application.document.serialized()))
        #expect(lean.application[9] == .textBytes(JSONColumns.encode(record.application.errors)))
        #expect(lean.application[10] == .textBytes(JSONColumns.encode(record.application.notApplicable)))
        #expect(lean.matters[19] == .textBytes(JSONColumns.encode(record.application.matters[0].outputs)))
        #expect(lean.events?[1] == .textBytes(RestoredEventsCodec.encode(record.processedEvents)))
    }

    /// Written by another tool: spaced out, members in another order, nulls for absent
    /// optionals, members this hub does not know. Same values as the whole decoding.
    /// Promises of nothing but notices (nearly every application's) are read straight
    /// (`PromiseNoticesReader`); any other shape of them is read whole: either way the
    /// same promises as the record decoded whole, or the same refusal.
    @Test func readsPromisesOfNoticesStraightAndOthersWhole() throws {
        var record = fewestFields()
        record.application.promises = PromiseRecords(notices: [
            NoticeRecord(id: "APP-R-2:notice:1", kind: "accepted", at: instant(5), covers: []),
            NoticeRecord(id: "APP-R-2:notice:2", kind: "supplement", at: instant(7), covers: ["M05:r1", "M07:r2 \"q\""]),
        ])
        let bytes = StateRecordCodec.encode(record)
        var promises = JSONReader(bytes: Array(#"{"evaluations":[],"notices":[{"covers":[],"at":1800000005000,"kind":"accepted","id":"n"}]}"#.utf8))
        #expect(PromiseNoticesReader.read(&promises)?.notices == [NoticeRecord(id: "n", kind: "accepted", at: instant(5), covers: [])])
        #expect(try decodeLean(bytes).record.promises == record.application.promises)
        #expect(differences(try decodeLean(bytes), decodeWhole(record)) == [])
        let text = String(decoding: bytes, as: UTF8.self)
        let notice = #"{"id":"APP-R-2:notice:1","kind":"accepted","at":1800000005000,"covers":[]}"#
        #expect(text.contains(notice))
        let others = [
            #"{"id":"x","kind":"accepted","at":1800000005000,"covers":[],"extra":1}"#,       // a member it does not know
            #"{"id":"x","kind":"accepted","at":5000}"#,                             // no covers
            #"{"id":"x","kind":"accepted","at":1800000005000,"covers":[1,"M05:r1"]}"#,       // not only strings
            #"{"id":"x","id":"y","kind":"accepted","at":1800000005000,"covers":[]}"#,        // a duplicate key
            #"{"id":"x","kind":"accepted","at":1800000005000.5,"covers":[]}"#,               // not an integer
            #"{"id":"x","kind":"accepted","at":null,"covers":[]}"#,
            #"{"id":"x","kind":"accepted","at":99999999999999999,"covers":[]}"#,    // out of range
            #"{"kind":"accepted","at":1800000005000,"covers":[]}"#,                          // no id
        ]
        for other in others {
            let changed = Array(text.replacingOccurrences(of: notice, with: other).utf8)
            var reader = JSONReader(bytes: Array("{\"notices\":[\(other)]}".utf8))
            #expect(PromiseNoticesReader.read(&reader) == nil, "\(other)")
            switch (Result { try decodeLean(changed) }, Result { try StateRecordCodec.decode(changed) }) {
            case (.success(let lean), .success(let whole)):
                #expect(differences(lean, decodeWhole(whole)) == [], "\(other)")
            case (.failure, .failure): break
            default: Issue.record("\(other): the two decodings disagree")
            }
        }
    }

    @Test func takesRecordsWrittenOtherwise() throws {
        let record = everyField()
        let value = try JSONValue(parsing: StateRecordCodec.encode(record))
        guard case .object(var root) = value, case .object(var application)? = root["application"] else {
            Issue.record("a state record is an object")
            return
        }
        application["lastEventMatter"] = .null
        application["nextTimerAt"] = .null
        application["futureField"] = ["x": [1, 2]]
        root["application"] = .object(application)
        root["comment"] = "from another tool"
        var reordered = JSONObject()
        for key in root.keys.reversed() { reordered[key] = root[key] }
        let bytes = JSONValue.object(reordered).serializedPretty()
        let lean = try decodeLean(bytes)
        let found = differences(lean, decodeWhole(try StateRecordCodec.decode(bytes)), spacing: false)
        #expect(found == [], "\(found)")
        #expect(lean.application[12] == .null)
        guard case .textBytes(let document) = lean.application[3] else {
            Issue.record("the document is JSON text")
            return
        }
        #expect(try JSONValue(parsing: document) == record.application.document)
        #expect(document != record.application.document.serialized(), "kept as the record spaced it")
    }

    /// Broken records: refused by both decoders, with a reason that names what is wrong.
    @Test func refusesMalformedRecordsNamingWhatIsWrong() throws {
        let good = String(decoding: StateRecordCodec.encode(everyField()), as: UTF8.self)
        func changed(_ from: String, _ to: String) -> String {
            #expect(good.contains(from), "the record holds \(from)")
            return good.replacingOccurrences(of: from, with: to)
        }
        let cases: [(text: String, reason: String)] = [
            ("not json", "not JSON"),
            ("[1,2]", "not a JSON object"),
            (changed("\"format\":1", "\"format\":99"), "99"),
            (changed("\"writer\":\"writer-1\"", "\"writer\":1"), "writer"),
            (changed("\"matters\"", "\"mattersX\""), "matters"),
            (changed("\"code\":\"M10\"", "\"codeX\":\"M10\""), "code"),
            (changed("\"state\":\"approved\"", "\"state\":\"teleported\""), "teleported"),
            (changed("\"revision\":3", "\"revision\":3.5"), "revision"),
            (changed("\"updatedAt\":", "\"updatedAt\":9223372036854775807,\"x\":"), "updatedAt"),
            (changed("\"deadline\":", "\"deadline\":-9223372036854775807,\"y\":"), "deadline"),
            (changed("\"epoch\":7", "\"epoch\":7,\"epoch\":8"), "duplicate key"),
            (changed("\"applicationId\":", "\"applicationId\":1,\"applicationId\":"), "duplicate key"),
            (changed("\"months\":420", "\"months\":1e999"), "out of range"),
            (changed("\"pensionAccount\":\"P-001\"", "\"pensionAccount\":\"\\ud800\""), "surrogate"),
            (changed("\"processedEvents\":[[", "\"processedEvents\":[[1],["), "processed event"),
            (changed("\"ce_id\",\"", "\"ce_id\",\"!!"), "base64"),
            (changed("\"errors\":[{", "\"errors\":[{\"field\":1},{"), "field"),
            (changed("\"notApplicable\":[", "\"notApplicable\":[1,"), "not applicable"),
            (changed("\"evaluations\":[", "\"evaluations\":7,\"y\":["), "promises.evaluations"),
            (good + " x", "after the document"),
        ]
        for (text, reason) in cases {
            let bytes = Array(text.utf8)
            #expect(storeError { _ = try StateRecordCodec.decode(bytes) } != nil, "the whole decoding refuses: \(reason)")
            #expect(storeError { _ = try decodeLean(bytes) } != nil, "the rows decoder refuses: \(reason)")
            var values = SQLRowValues()
            values.appendText("kept")
            guard case .invalidData(let message)? = storeError({ _ = try RestorableRecord.decode(bytes, into: &values) }) else {
                Issue.record("\(reason): not refused as invalid data")
                continue
            }
            #expect(values.count == 1 && values.sqlValue(at: 0) == .textBytes(Array("kept".utf8)),
                    "\(reason): a record refused leaves nothing behind")
            #expect(message.contains(reason), "\(message) should name \(reason)")
        }
        // Invalid UTF-8 inside the document.
        var bytes = Array(good.utf8)
        let name = try #require(good.range(of: "applicationId")).lowerBound.utf16Offset(in: good)
        bytes[name + 1] = 0xFF
        #expect(storeError { _ = try decodeLean(bytes) } != nil)
        #expect(storeError { _ = try StateRecordCodec.decode(bytes) } != nil)
    }

    /// Instants at the ends of the range a record may hold are kept exactly.
    @Test func instantsAtTheEndsOfTheRangeAreExact() throws {
        for milliseconds in [Date.storableMilliseconds.lowerBound, -1, 0, 1_796_574_785_388, Date.storableMilliseconds.upperBound] {
            var record = fewestFields()
            record.application.updatedAt = Date(unixMilliseconds: milliseconds)
            let lean = try decodeLean(StateRecordCodec.encode(record))
            #expect(lean.application[13] == .integer(milliseconds))
            #expect(try StateRecordCodec.decode(StateRecordCodec.encode(record)).application.updatedAt.unixMilliseconds == milliseconds)
        }
    }

    /// A run of records is inserted in multi-row statements across applications: more
    /// applications, matters and notices than one statement holds come back whole, whether
    /// the store held none of them (statements made while parsing) or some.
    @Test func aRunOfManyApplicationsIsRestoredWhole() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let template = everyField()
        let records = (0..<(2 * StoreWriter.restoreRowsPerStatement + 5)).map { index in
            var record = template
            let id = "APP-RUN-\(index)"
            record.application.id = id
            record.application.ownerEpoch = 3
            if index % 3 == 0 { record.application.promises.evaluations = [] }
            if index % 4 == 0 { record.application.promises.notices = [] }
            if index % 5 == 0 { record.processedEvents = [] }
            record.processedEvents = record.processedEvents.map { ProcessedEvent(key: "\($0.key)-\(index)", at: $0.at) }
            record.pendingMessages = []
            return record
        }
        let entries = records.enumerated().map { offset, record in
            ChangelogEntry(offset: Int64(offset), key: Array(record.application.id.utf8), value: StateRecordCodec.encode(record),
                           headers: StateRecordCodec.headers(of: record))
        }
        let restore = ChangelogRestore(store: store, topic: "retirement.state", partition: 4)
        // A first run inserts some; the second holds those again with the others: the
        // ones stored are saved over, the others inserted.
        try restore.apply(Array(entries[3..<8]))
        try restore.apply(entries)
        let summary = try restore.finish(nextOffset: Int64(records.count))
        #expect(summary.applied == records.count + 5 && summary.invalid == 0)
        try store.read { reader in
            for record in records {
                let stored = try #require(try reader.application(id: record.application.id))
                #expect(stored == record.application)
                #expect(try reader.processedEvents(applicationID: record.application.id) == record.processedEvents)
            }
        }
    }
}
