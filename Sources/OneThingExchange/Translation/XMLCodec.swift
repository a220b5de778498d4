import Foundation
import FoundationXML

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

    private static func element(_ name: String, _ value: JSONValue, indent: Int, into text: inout String) throws(TranslationError) {
        let padding = String(repeating: "  ", count: indent)
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

/// Reads a department's XML reply into the same JSON shape a JSON department would
/// send: child elements become keys with their text (nested elements become objects,
/// repeated ones arrays), so one decoder handles both formats.
enum XMLReader {
    static func read(_ body: [UInt8]) -> Result<(root: String, content: JSONObject), ProtocolError> {
        let document: XMLDocument
        do {
            document = try XMLDocument(data: Data(body), options: [])
        } catch {
            return .failure(ProtocolError(reason: "The reply is not well-formed XML."))
        }
        guard let root = document.rootElement(), let name = root.name else {
            return .failure(ProtocolError(reason: "The XML reply has no root element."))
        }
        return .success((name, object(of: root)))
    }

    private static func object(of element: XMLElement) -> JSONObject {
        var object = JSONObject()
        for child in element.children ?? [] {
            guard child.kind == .element, let childElement = child as? XMLElement, let name = childElement.name else { continue }
            let hasElements = (childElement.children ?? []).contains { $0.kind == .element }
            let value: JSONValue = hasElements ? .object(self.object(of: childElement)) : .string(childElement.stringValue ?? "")
            switch object[name] {
            case nil: object[name] = value
            case .array(var items)?: items.append(value); object[name] = .array(items)
            case let existing?: object[name] = .array([existing, value])
            }
        }
        return object
    }
}
