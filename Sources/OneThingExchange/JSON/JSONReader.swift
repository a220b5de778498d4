/// A pull reader over JSON text, for decoders of a known format that read the members
/// they expect straight into their own types, skip the rest, and may keep a member's
/// text as it is (`skipValue` returns where it lies) instead of building a `JSONValue`
/// tree and serializing it again. It accepts exactly what `JSONParser` accepts (strict
/// RFC 8259, a byte order mark at the start, nesting at most `JSONParser.maximumDepth`,
/// numbers in range, valid UTF-8, no duplicate key in any object it skips), with the
/// same kind of error (`JSONParseError` with a byte offset).
///
/// Usage: `beginObject()`, then `nextKey()` until it returns nil, reading each member's
/// value (`readString`, `readNumber`, `readBool`, `readNull`, `readValue`, `skipValue`,
/// or a nested `beginObject`/`beginArray`); `beginArray()`, then `nextElement()` until
/// false, reading an element after each true; `end()` once the document is read.
/// Duplicate keys of the objects a decoder walks itself are the decoder's to refuse.
public struct JSONReader {
    public let bytes: [UInt8]
    /// Where the next byte is read.
    public private(set) var offset = 0
    private var depth = 0
    /// Whether a value was just read in the current container (a `,` must come next).
    private var afterValue = false
    /// Keys of the objects `skipValue` is inside (duplicates are looked for among them).
    private var skippedKeys: [Range<Int>] = []
    /// Where the key `nextKey(in:hint:)` read last lies (without its quotes).
    private var lastKeyRange = 0..<0
    private var lastKeyEscaped = false

    /// What the next value is.
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    private func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: offset, reason: reason) }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    // MARK: Structure

    /// The kind of the next value (whitespace before it is skipped).
    public mutating func peek() throws(JSONParseError) -> Kind {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw fail("unexpected character")
        }
    }

    /// Enters the object that comes next.
    public mutating func beginObject() throws(JSONParseError) {
        guard try peek() == .object else { throw fail("expected an object") }
        try enter()
        offset += 1
        afterValue = false
    }

    /// The next member's key (its value comes next), or nil at the end of the object
    /// (which is then left).
    public mutating func nextKey() throws(JSONParseError) -> String? {
        guard try memberStart(close: UInt8(ascii: "}")) else { return nil }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
        let key = try readStringToken()
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        offset += 1
        afterValue = false
        return key
    }

    /// `nextKey` for an object whose keys a decoder knows (`keys`): the index of the
    /// next member's key in `keys`, `keys.count` for another key (its text is then
    /// `lastKey`), or nil at the end of the object. Keys are matched by their bytes, no
    /// `String` made; `hint`, the index expected (the one after the last found, for
    /// members in the order a writer puts them), is tried first.
    public mutating func nextKey(in keys: JSONKeys, hint: Int = 0) throws(JSONParseError) -> Int? {
        guard try memberStart(close: UInt8(ascii: "}")) else { return nil }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
        let start = offset + 1
        let escaped = try skipStringToken()
        lastKeyRange = start..<offset - 1
        lastKeyEscaped = escaped
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        offset += 1
        afterValue = false
        if escaped { return keys.strings.firstIndex(of: lastKey) ?? keys.count }
        let range = lastKeyRange
        return bytes.withUnsafeBufferPointer { buffer in
            keys.index(of: UnsafeBufferPointer(rebasing: buffer[range]), hint: hint)
        }
    }

    /// The text of the key `nextKey(in:hint:)` read last.
    public var lastKey: String {
        lastKeyEscaped ? JSONStringToken.unescape(bytes[lastKeyRange]) : String(decoding: bytes[lastKeyRange], as: UTF8.self)
    }

    /// Enters the array that comes next.
    public mutating func beginArray() throws(JSONParseError) {
        guard try peek() == .array else { throw fail("expected an array") }
        try enter()
        offset += 1
        afterValue = false
    }

    /// True when another element follows (read it next); false at the end of the array
    /// (which is then left).
    public mutating func nextElement() throws(JSONParseError) -> Bool {
        try memberStart(close: UInt8(ascii: "]"))
    }

    /// Past the separator before the next member, or past the container's end (false).
    private mutating func memberStart(close: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("unexpected end of input in \(close == UInt8(ascii: "}") ? "object" : "array")") }
        if bytes[offset] == close {
            offset += 1
            depth -= 1
            afterValue = true
            return false
        }
        if afterValue {
            guard bytes[offset] == UInt8(ascii: ",") else {
                throw fail(close == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
            }
            offset += 1
            skipWhitespace()
        }
        return true
    }

    /// Checks that nothing but whitespace follows the document.
    public mutating func end() throws(JSONParseError) {
        skipWhitespace()
        if offset != bytes.count { throw fail("unexpected content after the document") }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw fail("nesting deeper than \(JSONParser.maximumDepth)") }
    }

    // MARK: Values

    /// The string that comes next.
    public mutating func readString() throws(JSONParseError) -> String {
        guard try peek() == .string else { throw fail("expected a string") }
        let string = try readStringToken()
        afterValue = true
        return string
    }

    /// The string that comes next, its text (unescaped, UTF-8) appended to `buffer`: for a
    /// decoder that gathers many texts into one buffer rather than a `String` each.
    public mutating func readString(appendingTo buffer: inout [UInt8]) throws(JSONParseError) {
        guard try peek() == .string else { throw fail("expected a string") }
        let start = offset + 1
        let escaped = try skipStringToken()
        let end = offset - 1
        if escaped {
            JSONStringToken.unescape(bytes[start..<end], into: &buffer)
        } else {
            buffer.append(contentsOf: bytes[start..<end])
        }
        afterValue = true
    }

    /// The number that comes next: `.int` when it is an integer that fits in 64 bits,
    /// `.double` otherwise (as `JSONParser` reads it).
    public mutating func readNumber() throws(JSONParseError) -> JSONValue {
        guard try peek() == .number else { throw fail("expected a number") }
        let number = try numberToken(building: true)
        afterValue = true
        return number
    }

    /// The number that comes next when it is an integer that fits in 64 bits (what
    /// `readNumber` gives as `.int`), else nil (the number is read all the same): for a
    /// decoder's integer members, without a `JSONValue` made for each.
    public mutating func readInteger() throws(JSONParseError) -> Int64? {
        guard try peek() == .number else { throw fail("expected a number") }
        if let (value, end) = JSONNumberToken.plainInteger(bytes, at: offset) {
            offset = end
            afterValue = true
            return value
        }
        let start = offset
        let (end, isInteger) = try JSONNumberToken.scan(bytes, from: start)
        offset = end
        afterValue = true
        if JSONNumberToken.isShortInteger(from: start, to: end, isInteger: isInteger) {
            return JSONNumberToken.shortInteger(bytes, from: start, to: end)
        }
        guard case .int(let value) = try JSONNumberToken.value(bytes, from: start, to: end, isInteger: isInteger) else { return nil }
        return value
    }

    /// The boolean that comes next.
    public mutating func readBool() throws(JSONParseError) -> Bool {
        guard try peek() == .bool else { throw fail("expected a boolean") }
        let value = bytes[offset] == UInt8(ascii: "t")
        try literal(value ? "true" : "false")
        afterValue = true
        return value
    }

    /// Reads a `null` if one comes next (true), else leaves the value unread (false).
    public mutating func readNull() throws(JSONParseError) -> Bool {
        guard try peek() == .null else { return false }
        try literal("null")
        afterValue = true
        return true
    }

    /// The value that comes next as a tree (for small members a decoder hands on whole).
    public mutating func readValue() throws(JSONParseError) -> JSONValue {
        let range = try skipValue()
        var parser = JSONParser(bytes: Array(bytes[range]))
        do {
            return try parser.parseDocument()
        } catch {
            throw JSONParseError(offset: range.lowerBound + error.offset, reason: error.reason)
        }
    }

    /// Checks the value that comes next as `JSONParser` would, without building it, and
    /// returns where its text lies in `bytes`.
    @discardableResult
    public mutating func skipValue() throws(JSONParseError) -> Range<Int> {
        _ = try peek()
        let start = offset
        var escapedKeys = false
        try skip(escapedKeys: &escapedKeys)
        afterValue = true
        if escapedKeys {
            // A key with escapes may spell another key differently: the parser, which
            // compares keys decoded, judges such a value.
            var parser = JSONParser(bytes: Array(bytes[start..<offset]))
            do {
                _ = try parser.parseDocument()
            } catch {
                throw JSONParseError(offset: start + error.offset, reason: error.reason)
            }
        }
        return start..<offset
    }

    /// Objects with more keys than this are judged by the parser (see `skip`).
    private static let scannedKeysLimit = 32

    private mutating func skip(escapedKeys: inout Bool) throws(JSONParseError) {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            try enter()
            offset += 1
            let first = skippedKeys.count
            defer { skippedKeys.removeSubrange(first...) }
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                depth -= 1
                return
            }
            while true {
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let keyOffset = offset
                let escaped = try skipStringToken()
                let key = keyOffset + 1..<offset - 1
                if escaped || skippedKeys.count - first >= Self.scannedKeysLimit {
                    escapedKeys = true
                } else if let twin = skippedKeys[first...].first(where: { $0.count == key.count && bytes[$0] == bytes[key] }) {
                    let name = String(decoding: bytes[twin], as: UTF8.self)
                    throw JSONParseError(offset: keyOffset, reason: "duplicate key \"\(name)\"")
                } else {
                    skippedKeys.append(key)
                }
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                offset += 1
                try skip(escapedKeys: &escapedKeys)
                skipWhitespace()
                guard offset < bytes.count else { throw fail("unexpected end of input in object") }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                if bytes[offset] == UInt8(ascii: "}") { offset += 1; break }
                throw fail("expected ',' or '}'")
            }
            depth -= 1
        case UInt8(ascii: "["):
            try enter()
            offset += 1
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                depth -= 1
                return
            }
            while true {
                try skip(escapedKeys: &escapedKeys)
                skipWhitespace()
                guard offset < bytes.count else { throw fail("unexpected end of input in array") }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                if bytes[offset] == UInt8(ascii: "]") { offset += 1; break }
                throw fail("expected ',' or ']'")
            }
            depth -= 1
        case UInt8(ascii: "\""): _ = try skipStringToken()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try numberToken(building: false)
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw fail("unexpected end of input") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for index in 0..<count where bytes[offset + index] != expected[index] {
            throw fail("invalid literal")
        }
        offset += count
    }

    // MARK: Strings

    /// Reads the string at `offset` (its opening quote).
    private mutating func readStringToken() throws(JSONParseError) -> String {
        let start = offset + 1
        let escaped = try skipStringToken()
        let end = offset - 1
        guard escaped else {
            // Checked already: the bytes are valid UTF-8 and need no decoding.
            return bytes.withUnsafeBufferPointer { buffer in
                String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
            }
        }
        return JSONStringToken.unescape(bytes[start..<end])
    }

    /// Skips the string at `offset` (its opening quote), checking it as `JSONParser`
    /// does (`JSONStringToken`); true when it holds escapes.
    private mutating func skipStringToken() throws(JSONParseError) -> Bool {
        let (end, escaped) = try JSONStringToken.scan(bytes, from: offset)
        offset = end
        return escaped
    }

    // MARK: Numbers

    /// Reads the number at `offset` as `JSONParser` does (the same grammar and range);
    /// `building`: its value is wanted (else `.null` is returned once it is checked).
    private mutating func numberToken(building: Bool) throws(JSONParseError) -> JSONValue {
        let start = offset
        let (end, isInteger) = try JSONNumberToken.scan(bytes, from: start)
        offset = end
        if !building, JSONNumberToken.isShortInteger(from: start, to: end, isInteger: isInteger) { return .null }
        return try JSONNumberToken.value(bytes, from: start, to: end, isInteger: isInteger)
    }
}

/// The keys a decoder looks for in an object (`JSONReader.nextKey(in:hint:)`), kept as
/// UTF-8 bytes to be matched without making a `String` of every key read.
public struct JSONKeys: Sendable {
    /// Every key's bytes, one after another (one buffer: matching touches no reference
    /// count of a key's own array).
    let bytes: [UInt8]
    /// Where key `i` starts in `bytes` (`starts[i + 1]`: where it ends).
    let starts: [Int]
    public let strings: [String]

    public init(_ names: [String]) {
        strings = names
        var bytes: [UInt8] = [], starts = [0]
        for name in names {
            bytes.append(contentsOf: name.utf8)
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.starts = starts
    }

    public var count: Int { strings.count }

    /// The index of the key whose bytes are `text` (`hint` tried first), or `count`.
    func index(of text: UnsafeBufferPointer<UInt8>, hint: Int) -> Int {
        bytes.withUnsafeBufferPointer { names in
            starts.withUnsafeBufferPointer { starts in
                func matches(_ index: Int) -> Bool {
                    let start = starts[index], length = starts[index + 1] - start
                    guard length == text.count else { return false }
                    var position = 0
                    while position < length {
                        guard names[start + position] == text[position] else { return false }
                        position += 1
                    }
                    return true
                }
                let count = starts.count - 1
                if hint < count, matches(hint) { return hint }
                var index = 0
                while index < count {
                    if index != hint, matches(index) { return index }
                    index += 1
                }
                return count
            }
        }
    }
}
