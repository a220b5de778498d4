import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Engine: status bytes")
struct StatusBytesTests {
    @Test(arguments: ["plain", "引号\"和\\反斜杠", "line\nbreak\ttab\r", "\u{01}\u{1F}", "", "韦*"])
    func stringsEscapeLikeTheExchangeSerializer(_ text: String) throws {
        var out = JSONBytes()
        out.string(text)
        #expect(out.bytes == JSONValue.string(text).serialized())
        #expect(try JSONValue(parsing: out.bytes) == .string(text))
    }

    @Test func objectsAreWrittenAsTheSerializerWritesThem() {
        let object = JSONObject([("s", .string("第\"1\"项\n")), ("i", .int(-7)), ("b", .bool(true)), ("n", .null),
                                 ("d", .double(2.5)), ("whole", .double(3)), ("a", .array([.int(1), .string("x")])),
                                 ("o", .object(JSONObject([("k", .string("v"))])))])
        var out = JSONBytes()
        out.object(object)
        #expect(out.bytes == JSONValue.object(object).serialized())
        var empty = JSONBytes()
        empty.object(JSONObject())
        #expect(empty.bytes == JSONValue.object(JSONObject()).serialized())
    }

    @Test func snapshotParsesBackWithTheRecordsValues() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .rejected(reason: "信息\"不一致\"\n请核对"))
        let record = try #require(hub.record)
        let bytes = StatusSnapshotWriter.render(record: record, event: "completed", matter: nil, errors: [],
                                                   publicOutputs: { _ in [] })
        let snapshot = try #require(try JSONValue(parsing: bytes).objectValue)
        #expect(snapshot["applicationId"]?.stringValue == record.id)
        #expect(snapshot["outcome"]?.stringValue == "rejected")
        #expect(snapshot["matter"] == .null)
        let m10 = try #require(snapshot["matters"]?.arrayValue?.first?.objectValue)
        #expect(m10["reason"]?.stringValue == "信息\"不一致\"\n请核对")
        #expect(m10["deadline"]?.stringValue == HubTime.rfc3339(try #require(record.matter("M10")?.deadline)))
        #expect(snapshot["errors"]?.arrayValue == [])
        let invalid = StatusSnapshotWriter.unrecorded(applicationID: "X", event: "invalid",
                                                      errors: [FieldIssue(field: "a.b[0]", code: "format", message: "bad \"x\"")],
                                                      at: hub.now)
        let parsed = try #require(try JSONValue(parsing: invalid).objectValue)
        #expect(parsed["errors"]?.arrayValue?.first?.objectValue?["message"]?.stringValue == "bad \"x\"")
    }
}

@Suite("Engine: status bytes buffer")
struct StatusBytesBufferTests {
    @Test func writesPastItsFirstCapacityIntact() throws {
        var out = JSONBytes(capacity: 1)
        var expected: [JSONValue] = []
        out.raw("{")
        out.key("list", first: true)
        out.raw("[")
        for index in 0..<200 {
            let text = "第\(index)项 \"quoted\"\n" + String(repeating: "x", count: index)
            if index > 0 { out.raw(",") }
            out.string(text)
            expected.append(.string(text))
        }
        out.raw("]")
        out.key("t"); out.time(Date(timeIntervalSince1970: 0))
        out.key("n"); out.int(-42)
        out.key("v"); out.value(.object(JSONObject([("a", .array([.int(1), .null, .bool(true)]))])))
        out.raw("}")
        let text = String(decoding: out.bytes, as: UTF8.self)
        #expect(text.hasSuffix(#","t":"1970-01-01T08:00:00+08:00","n":-42,"v":{"a":[1,null,true]}}"#))
        let parsed = try #require(try JSONValue(parsing: out.bytes).objectValue)
        #expect(parsed["list"]?.arrayValue == expected)
    }
}
