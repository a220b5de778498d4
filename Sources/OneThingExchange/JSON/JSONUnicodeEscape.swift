/// The `\uXXXX` escape of a JSON string (RFC 8259, section 7), a surrogate pair joined
/// into one scalar, shared by `JSONParser` and `JSONReader` so that the two accept and
/// decode exactly the same escapes. Generic over the bytes so that the reader can decode
/// a slice it has already checked.
enum JSONUnicodeEscape {
    /// Reads the escape whose four hex digits start at `start` (just after `\u`), and the
    /// low surrogate's `\uXXXX` after a high one; returns the offset after it and its
    /// scalar. A failure names the offset where the escape broke.
    static func scan<Bytes: RandomAccessCollection>(_ bytes: Bytes, from start: Int) throws(JSONParseError)
        -> (end: Int, scalar: Unicode.Scalar) where Bytes.Element == UInt8, Bytes.Index == Int {
        var offset = start
        func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: offset, reason: reason) }
        func hex4() throws(JSONParseError) -> UInt32 {
            guard offset + 4 <= bytes.endIndex else { throw fail("truncated \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[offset]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail("invalid hex digit in \\u escape")
                }
                value = value << 4 | digit
                offset += 1
            }
            return value
        }
        let first = try hex4()
        var code = first
        if (0xD800...0xDBFF).contains(first) {
            guard offset + 6 <= bytes.endIndex, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw fail("lone high surrogate in \\u escape")
            }
            offset += 2
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw fail("invalid low surrogate in \\u escape") }
            code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(first) {
            throw fail("lone low surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("invalid code point") }
        return (offset, scalar)
    }
}
