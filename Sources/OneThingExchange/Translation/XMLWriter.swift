/// Writes department XML in the exact layout of the spec's examples: declaration line,
/// one element per line indented by two spaces per level, newline-terminated. Our own
/// writer, so the bytes are stable and escaping is exactly what XML 1.0 needs.
enum XMLWriter {
    static func document(root: String, _ object: JSONObject) throws(TranslationError) -> [UInt8] {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(root)>\n"
        try write(object, indent: 1, into: &text)
        text += "</\(root)>\n"
        return Array(text.utf8)
    }

    private static func write(_ object: JSONObject, indent: Int, into text: inout String) throws(TranslationError) {
        for (name, value) in object {
            try element(name, value, indent: indent, into: &text)
        }
    }

    /// Indentation by depth, built once (requests nest a few levels).
    private static let paddings: [String] = (0..<8).map { String(repeating: "  ", count: $0) }

    private static func element(_ name: String, _ value: JSONValue, indent: Int, into text: inout String) throws(TranslationError) {
        let padding = indent < paddings.count ? paddings[indent] : String(repeating: "  ", count: indent)
        switch value {
        case .object(let child):
            text += "\(padding)<\(name)>\n"
            try write(child, indent: indent + 1, into: &text)
            text += "\(padding)</\(name)>\n"
        case .array(let items):
            for item in items { try element(name, item, indent: indent, into: &text) }
        case .null:
            text += "\(padding)<\(name)></\(name)>\n"
        case .string(let s):
            text += "\(padding)<\(name)>\(try escape(s))</\(name)>\n"
        case .int(let i):
            text += "\(padding)<\(name)>\(i)</\(name)>\n"
        case .double(let d):
            text += "\(padding)<\(name)>\(d)</\(name)>\n"
        case .bool(let b):
            text += "\(padding)<\(name)>\(b)</\(name)>\n"
        }
    }

    static func escape(_ s: String) throws(TranslationError) -> String {
        // Most values need nothing: no markup characters, no controls, no byte that could
        // start U+FFFE or U+FFFF (0xEF). Those are returned as they are.
        if !s.utf8.contains(where: { byte in
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0xEF: return true
            case 0x09, 0x0A, 0x0D: return false
            default: return byte < 0x20
            }
        }) {
            return s
        }
        var result = ""
        result.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    throw TranslationError(reason: "text contains a control character that XML 1.0 cannot carry")
                }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
