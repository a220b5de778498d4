import Foundation
import Testing
@testable import OneThingExchange

/// The stream writer must give the bytes `JSONValue.serialized()` gives: documents
/// written with it (state records) are compared byte for byte by their readers.
@Suite struct JSONStreamWriterTests {
    @Test func integersAreWrittenAsStringGivesThem() {
        let values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 1_700_000_000_123, -1_700_000_000_123,
                               Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        for value in values {
            #expect(JSONValue.int(value).serialized() == Array(String(value).utf8))
            var writer = JSONStreamWriter()
            writer.int(value)
            #expect(writer.bytes == Array(String(value).utf8))
        }
    }

    @Test func base64IsFoundationsText() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...70) + [1023, 1024, 1025, 3000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var writer = JSONStreamWriter()
            writer.base64String(bytes)
            #expect(writer.bytes == JSONValue.string(Data(bytes).base64EncodedString()).serialized(), "length \(length)")
        }
        var writer = JSONStreamWriter()
        writer.base64String(Array(0...255))
        #expect(writer.bytes == JSONValue.string(Data(Array(0...255)).base64EncodedString()).serialized())
    }

    @Test func nestedMembersGetTheSerializersCommasAndEscapes() {
        let document = JSONValue.object(JSONObject([
            ("a\"b", .string("line\nbreak \\ 引号\u{01}")), ("n", .int(-3)), ("d", .double(2.5)), ("whole", .double(3)),
            ("empty", .array([])), ("none", .object(JSONObject())), ("t", .bool(true)), ("f", .bool(false)), ("z", .null),
        ]))
        let expected = JSONValue.object(JSONObject([
            ("first", .int(1)),
            ("list", .array([.array([.string("k"), .int(2)]), .array([]), document, .string("AA==")])),
            ("object", document),
            ("last", .string("end")),
        ])).serialized()
        var writer = JSONStreamWriter()
        writer.beginObject()
        writer.member("first", 1)
        writer.key("list")
        writer.beginArray()
        writer.beginArray()
        writer.string("k")
        writer.int(2)
        writer.endArray()
        writer.beginArray()
        writer.endArray()
        writer.value(document)
        writer.base64String([0])
        writer.endArray()
        writer.key("object")
        writer.value(document)
        writer.member("last", "end")
        writer.endObject()
        #expect(writer.bytes == expected)
    }
}
