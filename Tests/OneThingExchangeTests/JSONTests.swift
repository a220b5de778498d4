import Foundation
import Testing
@testable import OneThingExchange

@Suite struct JSONTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }

    @Test func scalarsAndExactNumbers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        #expect(try parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try parse("1.5e2") == .double(150))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0.25") == .double(-0.25))
        #expect(try parse("114") != .double(114))
    }

    @Test func stringEscapesIncludingSurrogatePairs() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try parse(#""\u97e6\u660e""#) == .string("韦明"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse("\"韦明😀\"") == .string("韦明😀"))
        for bad in [#""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\x""#, #""\u12G4""#, "\"a\u{1}\""] {
            #expect(throws: JSONParseError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test func malformedDocumentsAreTypedErrorsWithOffsets() {
        for bad in ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "nul", "[1 2]", "{\"a\" 1}", "{1:2}",
                    "\"abc", "1 2", "{\"a\":1,\"a\":2}", "NaN", "[", "]", "+1", ".5"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try parse(bad) }
        }
        do throws(JSONParseError) {
            _ = try JSONValue(parsing: Array("[1, x]".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 4)
            #expect(error.description.contains("byte 4"))
        }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xFF, 0x22]) }
    }

    @Test func depthIsLimited() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try parse(fine).arrayValue != nil)
    }

    @Test func serializationIsCompactOrderedAndRoundTrips() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"k":"v\n\"韦\"","e":{}},"d":1.5,"n":-3,"s":"\u0001"}"#
        let value = try parse(text)
        #expect(String(decoding: value.serialized(), as: UTF8.self) == text)
        #expect(value.objectValue?.keys == ["z", "a", "m", "d", "n", "s"])
        #expect(try JSONValue(parsing: value.serializedPretty()) == value)
        #expect(try parse("2.0").serialized() == Array("2.0".utf8))
        #expect(try parse(String(decoding: JSONValue.double(0.1).serialized(), as: UTF8.self)) == .double(0.1))
    }

    @Test func objectEqualityIgnoresOrderButOutputKeepsIt() throws {
        let a = try parse(#"{"x":1,"y":2}"#)
        let b = try parse(#"{"y":2,"x":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.serialized() != b.serialized())
        var object = JSONObject()
        object["b"] = 1
        object["a"] = 2
        object["b"] = 3
        #expect(object.keys == ["b", "a"])
        object["b"] = nil
        #expect(object.keys == ["a"] && object.count == 1)
    }

    @Test func pathLookup() throws {
        let value = try parse(#"{"a":{"b":[{"c":1},{"c":[5,6]}]},"x.y":2}"#)
        #expect(value[path: "a.b[0].c"] == 1)
        #expect(value[path: "a.b[1].c[1]"] == 6)
        #expect(value[path: "a.b[2].c"] == nil)
        #expect(value[path: "a.b.c"] == nil)
        #expect(value[path: "a..b"] == nil)
        #expect(value[path: "a.b[x]"] == nil)
        #expect(value[path: ""] == nil)
        #expect(value[path: "a"]?.objectValue?.keys == ["b"])
    }

    /// RFC 7386, Appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func mergePatchFollowsRFC7386(target: String, patch: String, result: String) throws {
        #expect(try parse(target).mergePatched(with: try parse(patch)) == (try parse(result)))
    }

    @Test func accessors() throws {
        let value = try parse(#"{"s":"t","i":3,"b":false,"a":[],"d":2.5}"#)
        #expect(value[path: "s"]?.stringValue == "t")
        #expect(value[path: "i"]?.intValue == 3)
        #expect(value[path: "b"]?.boolValue == false)
        #expect(value[path: "a"]?.arrayValue == [])
        #expect(value[path: "d"]?.doubleValue == 2.5)
        #expect(value[path: "s"]?.intValue == nil)
        #expect(value.description.hasPrefix("{\"s\""))
    }
}

@Suite struct CloudEventTests {
    let event = CloudEvent(id: "GX-1:M05:r1", source: "/hub", type: "gov.onething.retirement.request",
                           time: "2026-11-22T10:00:00+08:00", subject: "GX-1", contentType: "application/json",
                           extensions: ["matter": "M05"], data: Array(#"{"a":1}"#.utf8))

    func headers(_ pairs: [(key: String, value: [UInt8])]) -> [(key: String, value: [UInt8]?)] {
        pairs.map { ($0.key, Optional($0.value)) }
    }

    @Test func binaryModeRoundTripsWithContractHeaderNames() throws {
        let (headers, value) = CloudEventCodec.encodeBinary(event)
        #expect(headers.map(\.key) == ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type", "ce_matter"])
        #expect(headers.first?.value == Array("1.0".utf8))
        #expect(try CloudEventCodec.decode(headers: self.headers(headers), value: value) == event)
    }

    @Test func structuredModeRoundTrips() throws {
        let body = CloudEventCodec.encodeStructured(event)
        let document = try JSONValue(parsing: body)
        #expect(document[path: "data.a"] == 1)
        #expect(document[path: "matter"] == "M05")
        let decoded = try CloudEventCodec.decode(headers: [("content-type", Array("application/cloudevents+json; charset=utf-8".utf8))], value: body)
        #expect(decoded.id == event.id && decoded.type == event.type && decoded.extensions == ["matter": "M05"])
        #expect(decoded.contentType == "application/json")
        #expect(try JSONValue(parsing: decoded.data) == (try JSONValue(parsing: event.data)))

        var xml = event
        xml.contentType = "application/xml"
        xml.data = Array("<A>韦</A>".utf8)
        let xmlDecoded = try CloudEventCodec.decode(headers: [("content-type", Array("application/cloudevents+json".utf8))],
                                                    value: CloudEventCodec.encodeStructured(xml))
        #expect(xmlDecoded.data == xml.data)
        var binary = event
        binary.contentType = "application/octet-stream"
        binary.data = [0xFF, 0x00, 0x80]
        let binaryDecoded = try CloudEventCodec.decode(headers: [("content-type", Array("application/cloudevents+json".utf8))],
                                                       value: CloudEventCodec.encodeStructured(binary))
        #expect(binaryDecoded.data == binary.data)
    }

    @Test func missingOrBadAttributesAreTypedErrors() {
        let good: [(key: String, value: [UInt8]?)] = [("ce_specversion", Array("1.0".utf8)), ("ce_id", Array("x".utf8)),
                                                      ("ce_source", Array("/s".utf8)), ("ce_type", Array("t".utf8))]
        #expect((try? CloudEventCodec.decode(headers: good, value: nil)) != nil)
        for drop in 0..<good.count {
            var headers = good
            headers.remove(at: drop)
            #expect(throws: CloudEventError.self) { try CloudEventCodec.decode(headers: headers, value: nil) }
        }
        var wrongVersion = good
        wrongVersion[0] = ("ce_specversion", Array("0.3".utf8))
        #expect(throws: CloudEventError.self) { try CloudEventCodec.decode(headers: wrongVersion, value: nil) }
        var badUTF8 = good
        badUTF8.append(("ce_matter", [0xFF]))
        #expect(throws: CloudEventError.self) { try CloudEventCodec.decode(headers: badUTF8, value: nil) }
        let structured: [(key: String, value: [UInt8]?)] = [("content-type", Array("application/cloudevents+json".utf8))]
        #expect(throws: CloudEventError.self) { try CloudEventCodec.decode(headers: structured, value: Array("{".utf8)) }
        #expect(throws: CloudEventError.self) { try CloudEventCodec.decode(headers: structured, value: Array("[]".utf8)) }
        #expect(throws: CloudEventError.self) {
            try CloudEventCodec.decode(headers: structured, value: Array(#"{"specversion":"1.0","id":"x","source":"s"}"#.utf8))
        }
    }
}
