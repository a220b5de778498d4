/// One step of a dotted path such as `items[0].to`.
enum JSONPathStep: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// Dotted paths with array indices: the notation of the spec's error `field`s and of the
/// catalogue's mappings. Parsing is total: a malformed path simply finds nothing.
enum JSONPath {
    static func steps(_ path: String) -> [JSONPathStep]? {
        // Most paths are plain dotted keys.
        if !path.utf8.contains(UInt8(ascii: "[")) {
            let parts = path.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            var steps: [JSONPathStep] = []
            steps.reserveCapacity(parts.count)
            for part in parts {
                guard !part.isEmpty else { return nil }
                steps.append(.key(String(decoding: part, as: UTF8.self)))
            }
            return steps
        }
        var steps: [JSONPathStep] = []
        var current = ""
        var iterator = path.makeIterator()
        var pendingKey = true
        while let character = iterator.next() {
            switch character {
            case ".":
                if pendingKey {
                    guard !current.isEmpty else { return nil }
                    steps.append(.key(current))
                }
                current = ""
                pendingKey = true
            case "[":
                if pendingKey, !current.isEmpty { steps.append(.key(current)) }
                current = ""
                var digits = ""
                var closed = false
                while let next = iterator.next() {
                    if next == "]" { closed = true; break }
                    digits.append(next)
                }
                guard closed, let index = Int(digits), index >= 0 else { return nil }
                steps.append(.index(index))
                pendingKey = false
            default:
                if !pendingKey { return nil }
                current.append(character)
            }
        }
        if pendingKey {
            guard !current.isEmpty else { return nil }
            steps.append(.key(current))
        }
        return steps
    }

    static func render(_ steps: [JSONPathStep]) -> String {
        var text = ""
        for step in steps {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A path parsed once, where it is read from the catalogue, for lookups repeated at
/// every message (a mapping's request fields): no scanning or splitting per lookup.
public struct JSONFieldPath: Sendable, Hashable {
    /// The path as written (`a.b[0].c`).
    public let text: String
    /// nil when the text is not a well-formed path: it then finds nothing, as `[path:]`.
    let steps: [JSONPathStep]?

    public init(_ text: String) {
        self.text = text
        self.steps = text.isEmpty ? nil : JSONPath.steps(text)
    }
}

extension JSONValue {
    /// The value at a parsed path, or nil when any step is missing (as `[path: text]`).
    public subscript(path path: JSONFieldPath) -> JSONValue? {
        path.steps.flatMap { value(at: $0) }
    }

    /// The value at a dotted path (`a.b[0].c`), or nil when any step is missing.
    public subscript(path path: String) -> JSONValue? {
        // Mappings and rules look up plain dotted paths for every message: walk those
        // key by key without building a step list (keys of up to 15 bytes, the usual
        // case, are small strings and need no allocation either).
        let utf8 = path.utf8
        if !utf8.isEmpty, !utf8.contains(UInt8(ascii: "[")) {
            var current = self
            var start = utf8.startIndex
            while true {
                let end = utf8[start...].firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex
                guard end > start, case .object(let object) = current,
                      let next = object[String(Substring(path.utf8[start..<end]))] else { return nil }
                current = next
                guard end < utf8.endIndex else { return current }
                start = utf8.index(after: end)
                guard start < utf8.endIndex else { return nil }
            }
        }
        guard let steps = JSONPath.steps(path) else { return nil }
        return value(at: steps)
    }

    func value(at steps: some Sequence<JSONPathStep>) -> JSONValue? {
        var current = self
        for step in steps {
            switch (step, current) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else { return nil }
                current = next
            case (.index(let index), .array(let array)):
                guard array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Returns a copy with `newValue` stored at the object-key path, creating objects on
    /// the way. Used to build nested documents (e.g. a reply's `output.status`).
    func setting(_ newValue: JSONValue, atKeys keys: ArraySlice<String>) -> JSONValue {
        guard let first = keys.first else { return newValue }
        var object = objectValue ?? JSONObject()
        let child = object[first] ?? .object(JSONObject())
        object[first] = child.setting(newValue, atKeys: keys.dropFirst())
        return .object(object)
    }
}
