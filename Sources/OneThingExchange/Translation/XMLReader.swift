/// Reads a department's XML reply into the same JSON shape a JSON department would
/// send: child elements become keys with their text (nested elements become objects,
/// repeated ones arrays), so one decoder handles both formats.
///
/// Our own strict reader for the plain documents departments exchange (declaration,
/// comments, elements, attributes ignored, text with the predefined and numeric
/// entities, CDATA). Not FoundationXML: on Linux `XMLDocument` silently
/// "recovers" truncated documents, and `XMLParser` traps inside
/// `_NSXMLParserStartElementNs` on some malformed input, which would let one bad reply
/// crash the hub. DOCTYPE is refused outright (no entity expansion attacks).
enum XMLReader {
    static let maximumDepth = 32

    static func read(_ body: [UInt8]) -> Result<(root: String, content: JSONObject), ProtocolError> {
        var reader = Cursor(bytes: body)
        do {
            let root = try reader.document()
            return .success(root)
        } catch {
            return .failure(ProtocolError(reason: "The reply is not well-formed XML (\(error.reason) at byte \(error.offset))."))
        }
    }

    struct Failure: Error {
        let reason: String
        let offset: Int
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ reason: String) -> Failure { Failure(reason: reason, offset: index) }

        func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return text.withUTF8Buffer { pattern in
                for offset in 0..<count where bytes[index + offset] != pattern[offset] { return false }
                return true
            }
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func skip(past terminator: StaticString) throws(Failure) {
            while index + terminator.utf8CodeUnitCount <= bytes.count {
                if starts(with: terminator) { index += terminator.utf8CodeUnitCount; return }
                index += 1
            }
            throw fail("unterminated construct, expected \(terminator)")
        }

        /// Whitespace, comments and processing instructions between elements.
        mutating func skipMisc() throws(Failure) {
            while true {
                skipWhitespace()
                if starts(with: "<!--") { try skip(past: "-->"); continue }
                if starts(with: "<?") { try skip(past: "?>"); continue }
                return
            }
        }

        mutating func document() throws(Failure) -> (root: String, content: JSONObject) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            try skipMisc()
            if starts(with: "<!") { throw fail("DOCTYPE and other declarations are not accepted") }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw fail("expected the root element") }
            let (name, value) = try element(depth: 0)
            try skipMisc()
            guard index == bytes.count else { throw fail("content after the root element") }
            return (name, value.objectValue ?? JSONObject())
        }

        mutating func name() throws(Failure) -> String {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                let isNameByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                    || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
                guard isNameByte else { break }
                index += 1
            }
            guard index > start, let text = String(validating: bytes[start..<index], as: UTF8.self),
                  let first = text.unicodeScalars.first, !("0"..."9").contains(first), first != "-", first != "." else {
                throw fail("expected a name")
            }
            return text
        }

        /// Parses `<name attr="...">content</name>` or `<name/>`; returns the element's
        /// value: an object when it has child elements, its text otherwise.
        mutating func element(depth: Int) throws(Failure) -> (String, JSONValue) {
            guard depth < XMLReader.maximumDepth else { throw fail("elements nest too deeply") }
            index += 1  // <
            let tag = try name()
            // Attributes are read for well-formedness and ignored.
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated start tag") }
                if bytes[index] == UInt8(ascii: "/") {
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { throw fail("expected />") }
                    index += 2
                    return (tag, .string(""))
                }
                if bytes[index] == UInt8(ascii: ">") { index += 1; break }
                _ = try name()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw fail("expected = in attribute") }
                index += 1
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                    throw fail("expected a quoted attribute value")
                }
                let quote = bytes[index]
                index += 1
                while index < bytes.count, bytes[index] != quote {
                    if bytes[index] == UInt8(ascii: "<") { throw fail("< in attribute value") }
                    index += 1
                }
                guard index < bytes.count else { throw fail("unterminated attribute value") }
                index += 1
            }
            var children = JSONObject()
            var hasChildren = false
            var text: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("unterminated element \(tag)") }
                if starts(with: "</") {
                    index += 2
                    let closing = try name()
                    skipWhitespace()
                    guard closing == tag, index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                        throw fail("end tag \(closing) does not close \(tag)")
                    }
                    index += 1
                    break
                }
                if starts(with: "<!--") { try skip(past: "-->"); continue }
                if starts(with: "<?") { try skip(past: "?>"); continue }
                if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text += bytes[start..<index - 3]
                    continue
                }
                if starts(with: "<!") { throw fail("declarations are not accepted inside elements") }
                if bytes[index] == UInt8(ascii: "<") {
                    let (childName, value) = try element(depth: depth + 1)
                    hasChildren = true
                    switch children[childName] {
                    case nil: children[childName] = value
                    case .array(var items)?: items.append(value); children[childName] = .array(items)
                    case let existing?: children[childName] = .array([existing, value])
                    }
                    continue
                }
                if bytes[index] == UInt8(ascii: "&") {
                    text += try entity()
                    continue
                }
                text.append(bytes[index])
                index += 1
            }
            if hasChildren { return (tag, .object(children)) }
            guard let string = String(validating: text, as: UTF8.self) else { throw fail("text of \(tag) is not UTF-8") }
            return (tag, .string(string))
        }

        mutating func entity() throws(Failure) -> [UInt8] {
            let start = index
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: ";"), index - start < 12 { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { throw fail("unterminated entity reference") }
            let body = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
            index += 1
            switch body {
            case "amp": return [UInt8(ascii: "&")]
            case "lt": return [UInt8(ascii: "<")]
            case "gt": return [UInt8(ascii: ">")]
            case "quot": return [UInt8(ascii: "\"")]
            case "apos": return [UInt8(ascii: "'")]
            default:
                var value: UInt32?
                if body.hasPrefix("#x") { value = UInt32(body.dropFirst(2), radix: 16) } else if body.hasPrefix("#") { value = UInt32(body.dropFirst(), radix: 10) }
                guard let value, let scalar = Unicode.Scalar(value), value != 0 else { throw fail("unknown entity &\(body);") }
                return Array(String(Character(scalar)).utf8)
            }
        }
    }
}
