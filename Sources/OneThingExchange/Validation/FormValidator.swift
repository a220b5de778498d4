import OneThingSupport

/// Checks a form against the flow's rules and reports every problem at once: first the
/// field tree (presence, unknown fields, types, formats, ranges), then the named
/// cross-field checks, each skipped where an input already failed.
struct FormValidator {
    let schema: FormSchema

    func validate(_ document: JSONValue) -> Validation {
        var issues = IssueList()
        guard case .object(let root) = document else {
            return .invalid([FieldIssue(field: "", code: IssueCode.type.rawValue, message: "the application must be a JSON object")])
        }
        checkObject(root, fields: schema.fields, path: "", document: document, issues: &issues)
        var checks = CrossFieldChecks(document: document, issues: issues)
        for check in schema.checks { checks.run(check) }
        issues = checks.issues
        guard issues.issues.isEmpty else { return .invalid(issues.issues) }
        guard let id = document[path: schema.idField]?.stringValue, !id.isEmpty else {
            return .invalid([FieldIssue(field: schema.idField, code: IssueCode.required.rawValue,
                                        message: "\(schema.idField) is required")])
        }
        return .valid(Application(id: id, document: document))
    }

    func supplement(_ stored: Application, changes: JSONValue) -> Validation {
        guard case .object = changes else {
            return .invalid([FieldIssue(field: "changes", code: IssueCode.type.rawValue,
                                        message: "changes must be a JSON object (a JSON Merge Patch)")])
        }
        let patched = stored.document.mergePatched(with: changes)
        var issues = IssueList()
        for path in schema.immutable where stored.document[path: path] != patched[path: path] {
            issues.add(path, .immutable, "\(path) cannot be changed by a supplement")
        }
        switch validate(patched) {
        case .valid(let application):
            return issues.issues.isEmpty ? .valid(application) : .invalid(issues.issues)
        case .invalid(let more):
            return .invalid(issues.issues + more)
        }
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    private func checkObject(_ object: JSONObject, fields: [FieldSchema], path: String, document: JSONValue,
                             issues: inout IssueList) {
        // A form level has a few dozen fields at most: scanning them costs less than
        // hashing them into a set for every object of every application.
        for (key, _) in object where !fields.contains(where: { $0.name == key }) {
            issues.add(join(path, key), .unknownField, "\(join(path, key)) is not a field of the form")
        }
        for field in fields {
            let fieldPath = join(path, field.name)
            if let ignored = field.ignoredWhen, ignored.holds(in: document) { continue }
            let value = object[field.name]
            guard let value, !value.isNull else {
                if let required = field.requiredWhen, required.holds(in: document) {
                    let when = field.conditionText.map { " when \($0)" } ?? ""
                    issues.add(fieldPath, .required, "\(fieldPath) is required\(when)")
                }
                continue
            }
            if let allowed = field.allowedWhen, !allowed.holds(in: document) {
                let when = field.conditionText.map { " unless \($0)" } ?? ""
                issues.add(fieldPath, .mismatch, "\(fieldPath) must be absent\(when)")
                continue
            }
            checkValue(value, field: field, path: fieldPath, document: document, issues: &issues)
        }
    }

    private func checkValue(_ value: JSONValue, field: FieldSchema, path: String, document: JSONValue,
                            issues: inout IssueList) {
        func wrongType(_ expected: String) {
            issues.add(path, .type, "\(path) must be \(expected), not \(value.typeName)")
        }
        switch field.kind {
        case .string:
            guard case .string(let text) = value else { return wrongType("a string") }
            checkString(text, field: field, path: path, issues: &issues)
        case .integer:
            guard case .int(let number) = value else { return wrongType("an integer") }
            if let minimum = field.minimum, number < minimum { issues.add(path, .range, "\(path) must be at least \(minimum)") }
            if let maximum = field.maximum, number > maximum { issues.add(path, .range, "\(path) must be at most \(maximum)") }
        case .boolean:
            guard case .bool = value else { return wrongType("a boolean") }
        case .date:
            guard case .string(let text) = value else { return wrongType("a date string") }
            if CivilDate(iso: text) == nil { issues.add(path, .format, "\(path) must be a real date yyyy-MM-dd") }
        case .month:
            guard case .string(let text) = value else { return wrongType("a month string") }
            if parseMonth(text) == nil { issues.add(path, .format, "\(path) must be a month yyyy-MM") }
        case .dateTime:
            guard case .string(let text) = value else { return wrongType("a timestamp string") }
            if !isRFC3339(text) { issues.add(path, .format, "\(path) must be an RFC 3339 timestamp") }
        case .object(let fields):
            guard case .object(let object) = value else { return wrongType("an object") }
            checkObject(object, fields: fields, path: path, document: document, issues: &issues)
        case .array(let element):
            guard case .array(let items) = value else { return wrongType("an array") }
            if let minItems = field.minItems, items.count < minItems {
                issues.add(path, .range, "\(path) must have at least \(minItems) elements")
            }
            for (index, item) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                if item.isNull {
                    issues.add(itemPath, .required, "\(itemPath) must not be null")
                } else {
                    checkValue(item, field: element, path: itemPath, document: document, issues: &issues)
                }
            }
        }
    }

    private func checkString(_ raw: String, field: FieldSchema, path: String, issues: inout IssueList) {
        let text = field.trim ? raw.trimmingWhitespace : raw
        let length = Self.characterCount(text)
        // Only a problem needs the wording: build it then, not for every string.
        var lengthText: String {
            switch (field.minLength, field.maxLength) {
            case let (min?, max?) where min == max: return "exactly \(min) characters"
            case let (min?, max?): return "\(min)-\(max) characters"
            case let (min?, nil): return "at least \(min) characters"
            case let (nil, max?): return "at most \(max) characters"
            default: return ""
            }
        }
        let tooShort = field.minLength.map { length < $0 } ?? false
        let tooLong = field.maxLength.map { length > $0 } ?? false
        if let characters = field.characters {
            // A code: bad characters or a bad length are both a format problem.
            if !characters.admits(text) || tooShort || tooLong {
                issues.add(path, .format, "\(path) must be \(lengthText.isEmpty ? "made" : lengthText) of \(characters.text)")
                return
            }
        } else if tooShort || tooLong {
            issues.add(path, .range, "\(path) must be \(lengthText)")
            return
        }
        if let prefix = field.prefix, !text.hasPrefix(prefix) {
            issues.add(path, .format, "\(path) must start with \(prefix)")
            return
        }
        if let values = field.enumValues, !values.contains(text) {
            issues.add(path, .range, "\(path) must be one of \(values.joined(separator: ", "))")
            return
        }
        if field.minimum != nil || field.maximum != nil, let number = Int64(text) {
            if let minimum = field.minimum, number < minimum { issues.add(path, .range, "\(path) must be at least \(Int(minimum).zeroPadded(to: length))") }
            if let maximum = field.maximum, number > maximum { issues.add(path, .range, "\(path) must be at most \(Int(maximum).zeroPadded(to: length))") }
        }
    }
}

extension FormValidator {
    /// `text.count` (characters, as the form's lengths mean), without walking grapheme
    /// clusters when every byte is printable ASCII, where one byte is one character
    /// (CR is left out: CR LF is a single character).
    static func characterCount(_ text: String) -> Int {
        let utf8 = text.utf8
        return utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) ? utf8.count : text.count
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
