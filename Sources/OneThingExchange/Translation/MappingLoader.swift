/// Reads `departments/<code>.json` and checks it against the flow's matters: every matter
/// of the department has a request layout, sources name known matters and outputs, and
/// the reply maps every output of every matter with a format that fits its type.
enum MappingLoader {
    static func load(file: String, bytes: [UInt8]?, code: String, matters: [MatterModel],
                     groups: [String: [String]]) throws(CatalogueError) -> DepartmentMapping {
        let reader = CatalogueReader(file: file)
        let root = try reader.parse(bytes)
        try reader.allowOnly(root, ["code", "title", "format", "contentType", "root", "codeTables", "fieldSets", "requests", "reply"])
        let declared = try reader.string(root, "code")
        guard declared == code else { throw reader.fail("code is \(declared), expected \(code)") }
        let formatName = try reader.string(root, "format")
        guard let format = DocumentFormat(rawValue: formatName) else { throw reader.fail("format must be json or xml") }
        var tables: [String: [String: String]] = [:]
        if let object = root["codeTables"]?.objectValue {
            for (name, table) in object {
                guard let entries = table.objectValue else { throw reader.fail("code table \(name) must be an object") }
                var mapped: [String: String] = [:]
                for (canonical, value) in entries {
                    guard let text = value.stringValue else { throw reader.fail("code table \(name) must map to strings") }
                    mapped[canonical] = text
                }
                tables[name] = mapped
            }
        }
        let context = FieldContext(reader: reader, tables: tables,
                                   fieldSets: root["fieldSets"]?.objectValue ?? JSONObject(),
                                   matters: Dictionary(uniqueKeysWithValues: matters.map { ($0.definition.code, $0) }),
                                   groups: groups)
        let own = matters.filter { $0.definition.department == code }
        let requestObject = try reader.object(root, "requests")
        var requests: [String: [RequestField]] = [:]
        for (matter, layout) in requestObject {
            guard own.contains(where: { $0.definition.code == matter }) else {
                throw reader.fail("requests.\(matter) is not a matter of department \(code)")
            }
            guard let items = layout.arrayValue else { throw reader.fail("requests.\(matter) must be an array") }
            requests[matter] = try context.fields(items, inList: false, depth: 0)
        }
        for matter in own where requests[matter.definition.code] == nil {
            throw reader.fail("no request layout for matter \(matter.definition.code)")
        }
        let root_ = try reader.optionalString(root, "root")
        if format == .xml, root_ == nil { throw reader.fail("an XML department needs a root element name") }
        let reply = try loadReply(try reader.object(root, "reply"), format: format, own: own, reader: reader)
        return DepartmentMapping(code: code, title: try reader.optionalString(root, "title") ?? code, format: format,
                                 contentType: try reader.optionalString(root, "contentType")
                                    ?? (format == .xml ? "application/xml" : "application/json"),
                                 requestRoot: root_, codeTables: tables, requests: requests, reply: reply)
    }

    private static func loadReply(_ reply: JSONObject, format: DocumentFormat, own: [MatterModel],
                                  reader: CatalogueReader) throws(CatalogueError) -> ReplyMapping {
        let context = "reply."
        try reader.allowOnly(reply, ["root", "requestId", "matter", "interfaceFailure", "status", "statusCodes", "reason",
                                     "reasonRequiredFor", "outputs"], context: context)
        var codes: [(code: String, decision: DecisionKind)] = []
        for (code, decision) in try reader.object(reply, "statusCodes", context: context) {
            guard let kind = decision.stringValue.flatMap(DecisionKind.init(rawValue:)) else {
                throw reader.fail("reply.statusCodes.\(code) must be received, approved, rejected or supplement-required")
            }
            codes.append((code, kind))
        }
        for kind in [DecisionKind.received, .approved, .rejected, .supplementRequired] where !codes.contains(where: { $0.decision == kind }) {
            throw reader.fail("reply.statusCodes has no code for \(kind.rawValue)")
        }
        var required = Set<DecisionKind>()
        for word in try reader.strings(reply, "reasonRequiredFor", context: context) {
            guard let kind = DecisionKind(rawValue: word) else { throw reader.fail("reply.reasonRequiredFor: unknown decision \(word)") }
            required.insert(kind)
        }
        var interface: InterfaceFailureMapping?
        if let object = reply["interfaceFailure"]?.objectValue {
            guard let success = object["success"] else { throw reader.fail("reply.interfaceFailure needs success") }
            interface = InterfaceFailureMapping(code: try reader.string(object, "code", context: context), success: success,
                                                message: try reader.string(object, "message", context: context))
        }
        var outputs: [String: [ReplyOutput]] = [:]
        let outputObject = try reader.object(reply, "outputs", context: context)
        for matter in own {
            let code = matter.definition.code
            var list: [ReplyOutput] = []
            for item in outputObject[code]?.arrayValue ?? [] {
                guard let entry = item.objectValue else { throw reader.fail("reply.outputs.\(code) must list objects") }
                try reader.allowOnly(entry, ["field", "output", "format"], context: "reply.outputs.\(code): ")
                let output = try reader.string(entry, "output", context: context)
                guard let type = matter.outputTypes[output] else {
                    throw reader.fail("reply.outputs.\(code): \(output) is not an output of \(code)")
                }
                let formatName = try reader.optionalString(entry, "format", context: context) ?? "text"
                guard let valueFormat = ValueFormat(rawValue: formatName), valueFormat.fits(type) else {
                    throw reader.fail("reply.outputs.\(code): format \(formatName) does not fit \(output) (\(type.rawValue))")
                }
                list.append(ReplyOutput(field: try reader.string(entry, "field", context: context), output: output, format: valueFormat))
            }
            let mapped = Set(list.map(\.output))
            guard mapped == Set(matter.definition.outputs), mapped.count == list.count else {
                throw reader.fail("reply.outputs.\(code) must map each output of \(code) once: \(matter.definition.outputs.joined(separator: ", "))")
            }
            outputs[code] = list
        }
        for key in outputObject.keys where !own.contains(where: { $0.definition.code == key }) {
            throw reader.fail("reply.outputs.\(key) is not a matter of this department")
        }
        return ReplyMapping(root: try reader.optionalString(reply, "root", context: context),
                            requestID: try reader.string(reply, "requestId", context: context),
                            matter: try reader.optionalString(reply, "matter", context: context),
                            interface: interface,
                            status: try reader.string(reply, "status", context: context),
                            statusCodes: codes,
                            reason: try reader.string(reply, "reason", context: context),
                            reasonRequiredFor: required, outputs: outputs)
    }
}

/// What a request field entry may refer to while loading.
private struct FieldContext {
    let reader: CatalogueReader
    let tables: [String: [String: String]]
    let fieldSets: JSONObject
    let matters: [String: MatterModel]
    let groups: [String: [String]]

    func fields(_ items: [JSONValue], inList: Bool, depth: Int) throws(CatalogueError) -> [RequestField] {
        guard depth < 8 else { throw reader.fail("request layouts nest too deeply (or a field set uses itself)") }
        var result: [RequestField] = []
        for item in items {
            guard let entry = item.objectValue else { throw reader.fail("request fields must be objects") }
            try reader.allowOnly(entry, ["use", "name", "source", "format", "codeTable", "default", "constant", "object", "each"],
                                 context: "request field: ")
            if let setName = entry["use"]?.stringValue {
                guard let set = fieldSets[setName]?.arrayValue else { throw reader.fail("unknown field set \(setName)") }
                result += try fields(set, inList: inList, depth: depth + 1)
                continue
            }
            result.append(try field(entry, inList: inList, depth: depth))
        }
        var seen = Set<String>()
        for field in result where !seen.insert(field.name).inserted {
            throw reader.fail("request field \(field.name) appears twice in one document level")
        }
        return result
    }

    private func field(_ entry: JSONObject, inList: Bool, depth: Int) throws(CatalogueError) -> RequestField {
        let name = try reader.string(entry, "name")
        if let constant = entry["constant"] { return RequestField(name: name, value: .constant(constant)) }
        if let nested = entry["object"]?.arrayValue {
            return RequestField(name: name, value: .object(try fields(nested, inList: inList, depth: depth + 1)))
        }
        let sourceText = try reader.string(entry, "source", context: "field \(name): ")
        let source = try reference(sourceText, inList: inList, field: name)
        if let each = entry["each"]?.arrayValue {
            guard case .application = source, !inList else { throw reader.fail("field \(name): each needs an application list") }
            return RequestField(name: name, value: .each(source, try fields(each, inList: true, depth: depth + 1)))
        }
        let formatName = try reader.optionalString(entry, "format") ?? "text"
        guard let format = ValueFormat(rawValue: formatName) else { throw reader.fail("field \(name): unknown format \(formatName)") }
        let table = try reader.optionalString(entry, "codeTable")
        if let table, tables[table] == nil { throw reader.fail("field \(name): unknown code table \(table)") }
        return RequestField(name: name, value: .source(source, format: format, codeTable: table, fallback: entry["default"]))
    }

    private func reference(_ text: String, inList: Bool, field: String) throws(CatalogueError) -> SourceReference {
        switch text {
        case "ce_id": return .requestID
        case "matter": return .matterCode
        default: break
        }
        guard let steps = JSONPath.steps(text), case .key(let head) = steps.first else {
            throw reader.fail("field \(field): source \(text) is not a path")
        }
        if !inList, matters[head] != nil || groups[head] != nil {
            guard steps.count == 2, case .key(let output) = steps[1] else {
                throw reader.fail("field \(field): source \(text) must be <matter>.<output>")
            }
            let owners = groups[head] ?? [head]
            for owner in owners where matters[owner]?.outputTypes[output] == nil {
                throw reader.fail("field \(field): \(owner) has no output \(output)")
            }
            return .output(matterOrGroup: head, name: output)
        }
        return .application(JSONFieldPath(text))
    }
}

extension ValueFormat {
    /// Whether a department format can carry a canonical output of this type.
    func fits(_ type: OutputType) -> Bool {
        switch (self, type) {
        case (.dateCompact, .date), (.dateSlashed, .date), (.dateISO, .date): return true
        case (.monthCompact, .month), (.monthISO, .month): return true
        case (.yuan, .money), (.fen, .money): return true
        case (.integer, .count): return true
        case (.text, .string): return true
        default: return false
        }
    }
}
