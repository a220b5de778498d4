/// Reads a flow's `application.json`: the field tree, the immutable fields and the
/// named checks with their parameters.
enum FormLoader {
    static func load(file: String, bytes: [UInt8]?) throws(CatalogueError) -> FormSchema {
        let reader = CatalogueReader(file: file)
        let root = try reader.parse(bytes)
        try reader.allowOnly(root, ["title", "idField", "fields", "immutable", "checks"])
        let fields = try loadFields(try reader.object(root, "fields"), context: "", reader: reader)
        var checks: [FormCheck] = []
        for (position, item) in try reader.array(root, "checks").enumerated() {
            guard let check = item.objectValue else { throw reader.fail("checks[\(position)] must be an object") }
            checks.append(try loadCheck(check, context: "checks[\(position)].", reader: reader))
        }
        return FormSchema(idField: try reader.string(root, "idField"), fields: fields, immutable: try reader.strings(root, "immutable"), checks: checks)
    }

    private static func loadFields(_ object: JSONObject, context: String, reader: CatalogueReader) throws(CatalogueError) -> [FieldSchema] {
        var fields: [FieldSchema] = []
        for (name, value) in object {
            guard let spec = value.objectValue else { throw reader.fail("field \(context)\(name) must be an object") }
            fields.append(try loadField(name: name, spec: spec, context: context, reader: reader))
        }
        return fields
    }

    private static func loadField(name: String, spec: JSONObject, context: String, reader: CatalogueReader) throws(CatalogueError) -> FieldSchema {
        let path = context + name
        let where_ = "field \(path): "
        try reader.allowOnly(spec, ["type", "required", "allowedWhen", "ignoredWhen", "condition", "minLength", "maxLength", "trim",
                                    "chars", "prefix", "enum", "minimum", "maximum", "minItems", "fields", "items"], context: where_)
        let typeName = try reader.string(spec, "type", context: where_)
        let kind: FieldKind
        switch typeName {
        case "string": kind = .string
        case "integer": kind = .integer
        case "boolean": kind = .boolean
        case "date": kind = .date
        case "month": kind = .month
        case "datetime": kind = .dateTime
        case "object": kind = .object(try loadFields(try reader.object(spec, "fields", context: where_), context: path + ".", reader: reader))
        case "array":
            let items = try reader.object(spec, "items", context: where_)
            kind = .array(try loadField(name: "[]", spec: items, context: path, reader: reader))
        default: throw reader.fail("\(where_)unknown type \(typeName)")
        }
        var characters: CharacterClass?
        if let text = try reader.optionalString(spec, "chars", context: where_) {
            guard let parsed = CharacterClass(text) else { throw reader.fail("\(where_)chars \(text) is not a character class") }
            characters = parsed
        }
        let required: Rule? = switch spec["required"] {
        case nil, .bool(false)?: nil
        case .bool(true)?: .always
        case let rule?: try Rule.parse(rule, file: reader.file)
        }
        return FieldSchema(
            name: name, kind: kind,
            requiredWhen: required,
            allowedWhen: try reader.rule(spec["allowedWhen"]),
            ignoredWhen: try reader.rule(spec["ignoredWhen"]),
            conditionText: try reader.optionalString(spec, "condition", context: where_),
            minLength: try reader.int(spec, "minLength", context: where_),
            maxLength: try reader.int(spec, "maxLength", context: where_),
            trim: try reader.bool(spec, "trim", context: where_),
            characters: characters,
            prefix: try reader.optionalString(spec, "prefix", context: where_),
            enumValues: spec["enum"] == nil ? nil : try reader.strings(spec, "enum", context: where_),
            minimum: spec["minimum"]?.intValue,
            maximum: spec["maximum"]?.intValue,
            minItems: try reader.int(spec, "minItems", context: where_))
    }

    private static func loadCheck(_ check: JSONObject, context: String, reader: CatalogueReader) throws(CatalogueError) -> FormCheck {
        let kind = try reader.string(check, "check", context: context)
        func text(_ key: String) throws(CatalogueError) -> String { try reader.string(check, key, context: context) }
        switch kind {
        case "citizenId":
            var parity: [String: Parity] = [:]
            if let table = check["genderParity"]?.objectValue {
                for (value, word) in table {
                    guard let p = word.stringValue.flatMap(Parity.init(rawValue:)) else {
                        throw reader.fail("\(context)genderParity values are odd or even")
                    }
                    parity[value] = p
                }
            }
            return .citizenID(field: try text("field"), birthDate: try reader.optionalString(check, "birthDate"),
                              gender: try reader.optionalString(check, "gender"), genderParity: parity)
        case "creditCode":
            return .creditCode(field: try text("field"))
        case "statutoryAge":
            var rows: [StatutoryAgeRow] = []
            for item in try reader.array(check, "table", context: context) {
                guard let row = item.objectValue, let when = try reader.rule(row["when"]) else {
                    throw reader.fail("\(context)table rows need a when rule")
                }
                let fromText = try reader.string(row, "delayFrom", context: context)
                guard let from = parseMonth(fromText),
                      let age = try reader.int(row, "originalAgeYears", context: context), age > 0,
                      let step = try reader.int(row, "birthMonthsPerStep", context: context), step > 0,
                      let cap = try reader.int(row, "capMonths", context: context), cap >= 0 else {
                    throw reader.fail("\(context)table rows need delayFrom (yyyy-MM), originalAgeYears, birthMonthsPerStep, capMonths")
                }
                rows.append(StatutoryAgeRow(who: try reader.string(row, "who", context: context), when: when,
                                            originalAgeMonths: age * 12, delayFrom: from,
                                            birthMonthsPerStep: step, capMonths: cap))
            }
            return .statutoryAge(StatutoryAgeCheck(when: try reader.rule(check["when"]) ?? .always,
                                                   birthDate: try text("birthDate"),
                                                   requestedDate: try text("requestedDate"),
                                                   label: try reader.optionalString(check, "label") ?? "statutory month",
                                                   table: rows))
        case "ordered":
            return .ordered(list: try text("list"), from: try text("from"), to: try text("to"))
        case "before":
            return .before(list: try text("list"), field: try text("field"), limit: try text("limit"))
        case "noOverlap":
            return .noOverlap(list: try text("list"), from: try text("from"), to: try text("to"))
        case "trueNeedsNonEmpty":
            return .trueNeedsNonEmpty(field: try text("field"), needs: try text("needs"))
        default:
            throw reader.fail("\(context)unknown check \(kind)")
        }
    }
}
