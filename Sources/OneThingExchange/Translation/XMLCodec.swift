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
/// repeated ones arrays), so one decoder handles both formats. FoundationXML's
/// `XMLParser` does the parsing; a document it flags in any way (even one it "recovers",
/// such as a truncated body) is refused, and no external entity is ever resolved.
enum XMLReader {
    static func read(_ body: [UInt8]) -> Result<(root: String, content: JSONObject), ProtocolError> {
        let parser = XMLParser(data: Data(body))
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        let finished = parser.parse()
        guard finished, parser.parserError == nil, builder.failure == nil, let root = builder.root else {
            return .failure(ProtocolError(reason: "The reply is not well-formed XML\(builder.failure.map { " (\($0))" } ?? "")."))
        }
        return .success((root.name, root.content))
    }

    private struct Node {
        let name: String
        var content = JSONObject()
        var text = ""
        var hasElements = false
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Node] = []
        var root: Node?
        var failure: String?
        static let maximumDepth = 32

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            guard root == nil else { failure = "content after the root element"; parser.abortParsing(); return }
            guard stack.count < Self.maximumDepth else { failure = "nesting too deep"; parser.abortParsing(); return }
            if !stack.isEmpty { stack[stack.count - 1].hasElements = true }
            stack.append(Node(name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let node = stack.popLast(), node.name == elementName else { failure = "mismatched end tag"; parser.abortParsing(); return }
            guard !stack.isEmpty else { root = node; return }
            let value: JSONValue = node.hasElements ? .object(node.content) : .string(node.text)
            var parent = stack[stack.count - 1]
            switch parent.content[node.name] {
            case nil: parent.content[node.name] = value
            case .array(var items)?: items.append(value); parent.content[node.name] = .array(items)
            case let existing?: parent.content[node.name] = .array([existing, value])
            }
            stack[stack.count - 1] = parent
        }
    }
}
