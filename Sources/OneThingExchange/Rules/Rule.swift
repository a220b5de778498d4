/// The small declarative condition language of the catalogue. Applicability of matters,
/// required-when and allowed-when of form fields, and the rows of the statutory-age table
/// are all written in it, so the engine never names a field of any particular flow.
///
/// JSON forms: `"always"`, `"never"`, `{"equals": {"path": P, "value": V}}`,
/// `{"in": {"path": P, "values": [V...]}}`, `{"nonEmpty": P}`, `{"isTrue": P}`,
/// `{"present": P}`, `{"all": [R...]}`, `{"any": [R...]}`, `{"not": R}`.
indirect enum Rule: Sendable, Hashable {
    case always
    case never
    case equals(path: FieldPath, value: JSONValue)
    case oneOf(path: FieldPath, values: [JSONValue])
    /// A non-empty string, array or object.
    case nonEmpty(path: FieldPath)
    case isTrue(path: FieldPath)
    /// Present and not null.
    case present(path: FieldPath)
    case all([Rule])
    case any([Rule])
    case not(Rule)

    func holds(in document: JSONValue) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .equals(let path, let value): return document.value(at: path.steps) == value
        case .oneOf(let path, let values): return document.value(at: path.steps).map(values.contains) ?? false
        case .nonEmpty(let path):
            switch document.value(at: path.steps) {
            case .string(let s)?: return !s.isEmpty
            case .array(let a)?: return !a.isEmpty
            case .object(let o)?: return !o.isEmpty
            default: return false
            }
        case .isTrue(let path): return document.value(at: path.steps) == .bool(true)
        case .present(let path):
            guard let value = document.value(at: path.steps) else { return false }
            return !value.isNull
        case .all(let rules): return rules.allSatisfy { $0.holds(in: document) }
        case .any(let rules): return rules.contains { $0.holds(in: document) }
        case .not(let rule): return !rule.holds(in: document)
        }
    }

    /// Every path the rule reads (for checking the catalogue against the form).
    var paths: [String] {
        switch self {
        case .always, .never: return []
        case .equals(let path, _), .oneOf(let path, _), .nonEmpty(let path), .isTrue(let path), .present(let path):
            return [path.text]
        case .all(let rules), .any(let rules): return rules.flatMap(\.paths)
        case .not(let rule): return rule.paths
        }
    }

    static func parse(_ json: JSONValue, file: String) throws(CatalogueError) -> Rule {
        func bad(_ reason: String) -> CatalogueError { CatalogueError(file: file, reason: "rule \(json): \(reason)") }
        if case .string(let word) = json {
            switch word {
            case "always": return .always
            case "never": return .never
            default: throw bad("unknown rule word \(word)")
            }
        }
        if case .bool(let flag) = json { return flag ? .always : .never }
        guard let object = json.objectValue, object.count == 1, let operation = object.keys.first,
              let argument = object[operation] else { throw bad("a rule is a word or an object with one key") }
        func path(_ value: JSONValue) throws(CatalogueError) -> FieldPath {
            guard let text = value.stringValue, let parsed = FieldPath(text) else { throw bad("\(operation) needs a path") }
            return parsed
        }
        func list(_ value: JSONValue) throws(CatalogueError) -> [Rule] {
            guard let items = value.arrayValue, !items.isEmpty else { throw bad("\(operation) needs a non-empty list") }
            var rules: [Rule] = []
            for item in items { rules.append(try parse(item, file: file)) }
            return rules
        }
        switch operation {
        case "always": return .always
        case "equals":
            guard let p = argument["path"], let value = argument["value"] else { throw bad("equals needs path and value") }
            return .equals(path: try path(p), value: value)
        case "in":
            guard let p = argument["path"], let values = argument["values"]?.arrayValue else { throw bad("in needs path and values") }
            return .oneOf(path: try path(p), values: values)
        case "nonEmpty": return .nonEmpty(path: try path(argument))
        case "isTrue": return .isTrue(path: try path(argument))
        case "present": return .present(path: try path(argument))
        case "all": return .all(try list(argument))
        case "any": return .any(try list(argument))
        case "not": return .not(try parse(argument, file: file))
        default: throw bad("unknown operation \(operation)")
        }
    }
}

extension JSONValue {
    /// Key lookup on an object; nil for anything else.
    subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// A dotted path parsed once, when the catalogue is loaded.
struct FieldPath: Sendable, Hashable {
    let text: String
    let steps: [JSONPathStep]

    init?(_ text: String) {
        guard let steps = JSONPath.steps(text) else { return nil }
        self.text = text
        self.steps = steps
    }
}
