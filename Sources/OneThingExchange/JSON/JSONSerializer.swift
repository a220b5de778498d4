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
        case .int(let i): append(String(i))
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

    private mutating func writeString(_ s: String) {
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
