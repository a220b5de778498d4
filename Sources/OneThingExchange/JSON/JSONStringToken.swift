/// JSON's string grammar (RFC 8259: escapes, no unescaped control character, valid
/// UTF-8), shared by `JSONParser` and `JSONReader` so that both take the same strings and
/// say the same of those they refuse, with the same offsets.
enum JSONStringToken {
    /// Checks the string whose opening quote is at `start`, as JSON's grammar has it
    /// (escapes, no unescaped control character, valid UTF-8); where it ends (past its
    /// closing quote) and whether it holds escapes. Its text is `unescape` of what lies
    /// between the quotes when it does, those bytes themselves when it does not.
    static func scan(_ bytes: [UInt8], from start: Int) throws(JSONParseError) -> (end: Int, escaped: Bool) {
        var offset = start + 1
        let contentStart = offset
        var escaped = false
        func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: offset, reason: reason) }
        while offset < bytes.count {
            offset = plainRunEnd(bytes, from: offset)
            guard offset < bytes.count else { break }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                return (offset + 1, escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                offset += 1
                guard offset < bytes.count else { throw fail("unexpected end of input in escape") }
                switch bytes[offset] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    offset += 1
                case UInt8(ascii: "u"):
                    offset = try JSONUnicodeEscape.scan(bytes, from: offset + 1).end
                default:
                    throw fail("invalid escape")
                }
            case 0..<0x20:
                throw fail("unescaped control character in string")
            case 0..<0x80:
                offset += 1
            default:
                guard let length = validUTF8Sequence(bytes, at: offset) else {
                    throw JSONParseError(offset: contentStart, reason: "invalid UTF-8 in string")
                }
                offset += length
            }
        }
        throw fail("unterminated string")
    }

    /// Where the run of bytes from `index` that stand for themselves in a string ends:
    /// printable ASCII other than `"` and `\`. Eight bytes at a time while none of them
    /// is another byte (most of a record's text is such runs).
    static func plainRunEnd(_ bytes: [UInt8], from index: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return index }
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            var position = index
            while position + 8 <= buffer.count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
                // A byte below 0x20, a zero byte of `quote` or `backslash`, or a byte with its top bit set.
                let control = (word &- ones &* 0x20) & ~word
                let special = (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | word) & highs
                if special != 0 { break }
                position += 8
            }
            while position < buffer.count {
                let byte = buffer[position]
                if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
                position += 1
            }
            return position
        }
    }

    /// The length of the well-formed UTF-8 sequence of more than one byte at `index`
    /// (Unicode's table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF),
    /// or nil.
    static func validUTF8Sequence(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : nil
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : nil
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default:
            return nil
        }
    }

    /// The text of a string's content already checked (`scan`) that holds escapes.
    static func unescape(_ content: ArraySlice<UInt8>) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(content.count)
        unescape(content, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// `unescape(_:)`, its UTF-8 appended to `buffer`.
    static func unescape(_ content: ArraySlice<UInt8>, into buffer: inout [UInt8]) {
        var index = content.startIndex
        while index < content.endIndex {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                buffer.append(byte)
                index += 1
                continue
            }
            let escape = content[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                // Checked by `scan` already: a failure here cannot happen.
                let (end, scalar) = (try? JSONUnicodeEscape.scan(content, from: index)) ?? (index + 4, "\u{FFFD}")
                index = end
                buffer.append(contentsOf: String(Character(scalar)).utf8)
            default: buffer.append(escape)   // `"`, `\` and `/` stand for themselves
            }
        }
    }
}
