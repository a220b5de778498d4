import Testing
@testable import OneThingExchange

/// The pull reader (`JSONReader`) takes exactly what the parser takes, reads values as
/// the parser does, and hands out a skipped value's text as it lies.
@Suite struct JSONReaderTests {
    /// Whether the reader takes `text` as one whole document (skipping it).
    private func readerTakes(_ bytes: [UInt8]) -> Bool {
        var reader = JSONReader(bytes: bytes)
        do {
            try reader.skipValue()
            try reader.end()
            return true
        } catch {
            return false
        }
    }

    private func parserTakes(_ bytes: [UInt8]) -> Bool {
        (try? JSONValue(parsing: bytes)) != nil
    }

    private static let valid = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"  [ 1 , -0 , 0.5 , 1e3 , -1.25E-2 ]  "#, #""""#,
        #""caf\u00e9 \ud83d\ude00 \" \\ \/ \b\f\n\r\t""#, "\u{FEFF}{}", #"{"李":"光荣","x":"a\u0000b"}"#,
        "123456789012345678901234567890", "-9223372036854775808", "1.7976931348623157e308", #"{"a":{"a":{"a":1}}}"#,
        #"[{"k":1},{"k":2}]"#, #"{"a":1,"\u0062":2}"#, "[" + String(repeating: "[", count: 255) + String(repeating: "]", count: 256),
    ]

    private static let invalid = [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "01", "1.", "1e", "-", "+1",
        "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "1e999",
        "-1e999", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":2}}", "{\"a\":1,\"\\u0061\":2}", "[1] 2", "{1:2}",
        "[" + String(repeating: "[", count: 256) + String(repeating: "]", count: 257), "\"\u{01}\"",
    ]

    @Test func takesWhatTheParserTakes() {
        for text in Self.valid {
            let bytes = Array(text.utf8)
            #expect(parserTakes(bytes), "the parser should take \(text)")
            #expect(readerTakes(bytes), "the reader should take \(text)")
        }
        for text in Self.invalid {
            let bytes = Array(text.utf8)
            #expect(!parserTakes(bytes), "the parser should refuse \(text)")
            #expect(!readerTakes(bytes), "the reader should refuse \(text)")
        }
        // Invalid UTF-8: a lone continuation byte, an overlong form, a surrogate, past U+10FFFF, truncated.
        for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE6, 0x9D]] {
            let bytes = [0x22] + bad + [0x22]
            #expect(!parserTakes(bytes) && !readerTakes(bytes), "\(bad) must be refused")
        }
    }

    /// Every single-byte change of a document full of JSON's corners: the reader and the
    /// parser agree on each one.
    @Test func agreesWithTheParserOnEveryByteChanged() {
        let base = Array(#"{"a":[1,-2.5e+3,true,null,"x\u00e9\n李"],"b":{"c":"d","e":{}},"f":[]}"#.utf8)
        let replacements: [UInt8] = [0x22, 0x5C, 0x2C, 0x3A, 0x7B, 0x7D, 0x5B, 0x5D, 0x30, 0x2D, 0x2E, 0x65, 0x20, 0x01, 0x80, 0xE6, 0x61]
        var checked = 0
        for index in base.indices {
            for byte in replacements where byte != base[index] {
                var bytes = base
                bytes[index] = byte
                #expect(readerTakes(bytes) == parserTakes(bytes), "\(String(decoding: bytes, as: UTF8.self))")
                checked += 1
            }
            var shorter = base
            shorter.remove(at: index)
            #expect(readerTakes(shorter) == parserTakes(shorter), "\(String(decoding: shorter, as: UTF8.self))")
        }
        #expect(checked > 1_000)
    }

    @Test func readsMembersAndHandsOutSkippedText() throws {
        let text = #" { "name" : "李\"光\u8363" , "n" : -42, "x": 1.5, "big": 12345678901234567890, "ok": true, "none": null, "doc": {"k": [1, "2"]}, "list": [3, 4] } "#
        var reader = JSONReader(bytes: Array(text.utf8))
        try reader.beginObject()
        var seen: [String] = []
        while let key = try reader.nextKey() {
            seen.append(key)
            switch key {
            case "name": #expect(try reader.readString() == "李\"光荣")
            case "n": #expect(try reader.readNumber() == .int(-42))
            case "x": #expect(try reader.readNumber() == .double(1.5))
            case "big": #expect(try reader.readNumber() == .double(1.2345678901234567e19))
            case "ok": #expect(try reader.readBool())
            case "none": #expect(try reader.readNull())
            case "doc":
                let range = try reader.skipValue()
                #expect(String(decoding: reader.bytes[range], as: UTF8.self) == #"{"k": [1, "2"]}"#)
            case "list":
                try reader.beginArray()
                var elements: [JSONValue] = []
                while try reader.nextElement() { elements.append(try reader.readValue()) }
                #expect(elements == [3, 4])
            default: Issue.record("unexpected key \(key)")
            }
        }
        try reader.end()
        #expect(seen == ["name", "n", "x", "big", "ok", "none", "doc", "list"])
    }

    /// A string appended to a buffer is the same text as the string read whole, escapes
    /// and all, after what the buffer held; a value that is not a string adds nothing.
    @Test func appendsAStringsTextToABuffer() throws {
        let texts = ["", "plain", "李光荣", #"caf\u00e9 \ud83d\ude00 \" \\ \/ \b\f\n\r\t"#, "a\\u0000b", String(repeating: "x", count: 40)]
        for text in texts {
            let bytes = Array("\"\(text)\"".utf8)
            var whole = JSONReader(bytes: bytes)
            var appending = JSONReader(bytes: bytes)
            var buffer: [UInt8] = [1, 2]
            try appending.readString(appendingTo: &buffer)
            #expect(buffer == [1, 2] + Array(try whole.readString().utf8), "\(text)")
            try appending.end()
        }
        var number = JSONReader(bytes: Array("12".utf8))
        var buffer: [UInt8] = [7]
        #expect(throws: JSONParseError.self) { try number.readString(appendingTo: &buffer) }
        #expect(buffer == [7])
    }

    /// An integer read as such is what `readNumber` reads as `.int`; any other number is
    /// nil, read all the same.
    @Test func readsIntegersAsReadNumberDoes() throws {
        let numbers = ["0", "-0", "7", "-12", "123456789012345678", "9223372036854775807", "-9223372036854775808",
                       "9223372036854775808", "1.5", "1e3", "-2.0", "12345678901234567890"]
        for text in numbers {
            var integer = JSONReader(bytes: Array("[\(text),1]".utf8))
            var number = JSONReader(bytes: Array("[\(text),1]".utf8))
            try integer.beginArray()
            try number.beginArray()
            #expect(try integer.nextElement() && number.nextElement())
            let read = try integer.readInteger()
            switch try number.readNumber() {
            case .int(let value): #expect(read == value, "\(text)")
            default: #expect(read == nil, "\(text)")
            }
            #expect(try integer.nextElement() && integer.readInteger() == 1, "\(text): the reader went on past it")
        }
        var string = JSONReader(bytes: Array("\"1\"".utf8))
        #expect(throws: JSONParseError.self) { _ = try string.readInteger() }
        // Not numbers by JSON's grammar: refused, whichever way they are read.
        for text in ["01", "-", "--1", "-01", "1a", "00", "1.", "-e1"] {
            var integer = JSONReader(bytes: Array("[\(text)]".utf8))
            #expect(throws: JSONParseError.self, "\(text)") {
                try integer.beginArray()
                _ = try integer.nextElement()
                _ = try integer.readInteger()
                _ = try integer.nextElement()
            }
        }
    }

    @Test func refusesWhatDoesNotFollowTheGrammarWithAnOffset() {
        var reader = JSONReader(bytes: Array(#"{"a":1 "b":2}"#.utf8))
        #expect(throws: JSONParseError.self) {
            try reader.beginObject()
            while try reader.nextKey() != nil { _ = try reader.readNumber() }
        }
        var string = JSONReader(bytes: Array("[1]".utf8))
        do {
            _ = try string.readString()
            Issue.record("an array is not a string")
        } catch {
            #expect(error.offset == 0)
        }
        var trailing = JSONReader(bytes: Array("{} x".utf8))
        #expect(throws: JSONParseError.self) {
            try trailing.beginObject()
            #expect(try trailing.nextKey() == nil)
            try trailing.end()
        }
    }

    /// Plain runs are found eight bytes at a time: a byte that ends one is found at any
    /// position of the word.
    @Test func findsTheEndOfAPlainRunWherever() {
        for special: UInt8 in [0x22, 0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xE6, 0xFF] {
            for length in 0..<20 {
                for at in 0...length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if at < length { bytes[at] = special }
                    let plainEnd = at < length && special != 0x7F ? at : length
                    for start in 0...min(at, length) {
                        #expect(JSONStringToken.plainRunEnd(bytes, from: start) == plainEnd, "\(special) at \(at) of \(length) from \(start)")
                    }
                }
            }
        }
    }

    @Test func matchesKeysByTheirBytes() throws {
        let keys = JSONKeys(["id", "name", "ids"])
        var reader = JSONReader(bytes: Array(#"{"name":1,"i\u0064":2,"idz":3,"ids":4,"id":5}"#.utf8))
        try reader.beginObject()
        var found: [String] = []
        while let index = try reader.nextKey(in: keys, hint: 1) {
            found.append(index < keys.count ? keys.strings[index] : "other \(reader.lastKey)")
            _ = try reader.readNumber()
        }
        #expect(found == ["name", "id", "other idz", "ids", "id"])
    }
}
