/// Writes JSON deterministically: same value, same bytes. Keys follow insertion order,
/// strings escape only what RFC 8259 requires,
/// non-ASCII text is written as UTF-8, doubles use Swift's shortest round-trip form.
struct JSONSerializer {
    private(set) var output: [UInt8] = []
    private let pretty: Bool
    /// Object keys in sorted order (`String` `<`) instead of insertion order.
    private let sortedKeys: Bool

    init(pretty: Bool, sortedKeys: Bool = false, reserving capacity: Int = 256) {
        self.pretty = pretty
        self.sortedKeys = sortedKeys
        output.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): writeInt(i)
        case .double(let d): writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let elements):
            if elements.isEmpty { append("[]"); return }
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(element, indent: indent + 1)
            }
            newline(indent)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { append("{}"); return }
            output.append(UInt8(ascii: "{"))
            var first = true
            func member(_ key: String, _ element: JSONValue) {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(indent + 1)
                writeString(key)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(element, indent: indent + 1)
            }
            if sortedKeys {
                for key in object.keys.sorted() { if let element = object[key] { member(key, element) } }
            } else {
                for (key, element) in object { member(key, element) }
            }
            newline(indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private mutating func append(_ text: String) { output.append(contentsOf: text.utf8) }

    private mutating func writeDouble(_ d: Double) {
        guard d.isFinite else { append("null"); return }
        if d == d.rounded(), abs(d) < 1e15 {
            // Keep a visible fraction so that a double stays a double when read back.
            append(String(Int64(d)))
            append(".0")
        } else {
            append(String(d))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func appendByte(_ byte: UInt8) { output.append(byte) }

    /// The decimal digits `String(value)` gives, written without making that string.
    mutating func writeInt(_ value: Int64) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        guard magnitude >= 10 else {
            output.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        // At most 20 digits for a UInt64: written backwards into 24 bytes on the stack.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            while magnitude > 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    private static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` in base64 (RFC 4648 alphabet, `=` padding, no line breaks).
    mutating func appendBase64(_ bytes: [UInt8]) {
        let start = output.count
        let length = (bytes.count + 2) / 3 * 4
        output.append(contentsOf: repeatElement(UInt8(ascii: "="), count: length))
        Self.base64Alphabet.withUnsafeBufferPointer { alphabet in
            bytes.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { buffer in
                    var out = start, index = 0
                    while index + 3 <= input.count {
                        let triple = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                        buffer[out] = alphabet[Int(triple >> 18)]
                        buffer[out + 1] = alphabet[Int(triple >> 12 & 0x3F)]
                        buffer[out + 2] = alphabet[Int(triple >> 6 & 0x3F)]
                        buffer[out + 3] = alphabet[Int(triple & 0x3F)]
                        index += 3
                        out += 4
                    }
                    let rest = input.count - index
                    if rest > 0 {
                        let first = UInt32(input[index]) << 16
                        let triple = rest == 2 ? first | UInt32(input[index + 1]) << 8 : first
                        buffer[out] = alphabet[Int(triple >> 18)]
                        buffer[out + 1] = alphabet[Int(triple >> 12 & 0x3F)]
                        if rest == 2 { buffer[out + 2] = alphabet[Int(triple >> 6 & 0x3F)] }
                    }
                }
            }
        }
    }

    mutating func writeString(_ s: String) {
        output.append(UInt8(ascii: "\""))
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if plain == true {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x00..<0x20:
                append("\\u00")
                output.append(Self.hexDigits[Int(byte >> 4)])
                output.append(Self.hexDigits[Int(byte & 0xF)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Compact JSON in insertion order: byte-stable for equal, equally ordered values.
    public func serialized() -> [UInt8] {
        var serializer = JSONSerializer(pretty: false)
        serializer.write(self)
        return serializer.output
    }

    /// Compact JSON with every object's keys sorted (`String` order), recursively: the
    /// same bytes whatever order the keys were inserted in, for fingerprints.
    public func serializedWithSortedKeys() -> [UInt8] {
        var serializer = JSONSerializer(pretty: false, sortedKeys: true, reserving: 1024)
        serializer.write(self)
        return serializer.output
    }

    /// Indented JSON (two spaces), for people reading logs and files.
    public func serializedPretty() -> [UInt8] {
        var serializer = JSONSerializer(pretty: true)
        serializer.write(self)
        return serializer.output
    }
}
