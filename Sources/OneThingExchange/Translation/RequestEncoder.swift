/// Builds a department's request document for one matter from the mapping: exactly the
/// fields the mapping lists (data minimisation), in its order, in the department's
/// formats and codes, as compact JSON or as XML.
struct RequestEncoder {
    let flow: Flow

    func encode(matter: String, application: Application, outputs: [String: JSONObject],
                requestID: RequestID) throws(TranslationError) -> EncodedDocument {
        guard let definition = flow.matter(matter) else { throw TranslationError(reason: "unknown matter \(matter)") }
        guard let mapping = flow.mappings[definition.department], let layout = mapping.requests[matter] else {
            throw TranslationError(reason: "no request layout for matter \(matter)")
        }
        let context = Context(flow: flow, mapping: mapping, matter: matter, requestID: requestID,
                              document: application.document, outputs: outputs)
        let object = try context.build(layout, element: nil)
        switch mapping.format {
        case .json:
            return EncodedDocument(contentType: mapping.contentType, body: JSONValue.object(object).serialized())
        case .xml:
            let root = mapping.requestRoot ?? definition.department
            return EncodedDocument(contentType: mapping.contentType, body: try XMLWriter.document(root: root, object))
        }
    }

    private struct Context {
        let flow: Flow
        let mapping: DepartmentMapping
        let matter: String
        let requestID: RequestID
        let document: JSONValue
        let outputs: [String: JSONObject]

        func build(_ fields: [RequestField], element: JSONValue?) throws(TranslationError) -> JSONObject {
            var object = JSONObject()
            object.reserveCapacity(fields.count)
            for field in fields {
                object[field.name] = try value(of: field, element: element)
            }
            return object
        }

        private func value(of field: RequestField, element: JSONValue?) throws(TranslationError) -> JSONValue {
            switch field.value {
            case .constant(let constant):
                return constant
            case .object(let fields):
                return .object(try build(fields, element: element))
            case .each(let source, let fields):
                guard let items = lookup(source, element: nil)?.arrayValue else { return .array([]) }
                var result: [JSONValue] = []
                for item in items { result.append(.object(try build(fields, element: item))) }
                return .array(result)
            case let .source(source, format, codeTable, fallback):
                guard let raw = lookup(source, element: element), !raw.isNull else {
                    if let fallback { return fallback }
                    throw TranslationError(reason: "the request for \(matter) needs \(describe(source)) for \(field.name), which is missing")
                }
                var value = raw
                if let codeTable {
                    let key: String? = switch raw {
                    case .string(let s): s
                    case .int(let i): String(i)
                    case .bool(let b): String(b)
                    default: nil
                    }
                    guard let key, let code = mapping.codeTables[codeTable]?[key] else {
                        throw TranslationError(reason: "\(field.name): \(raw) has no code in table \(codeTable) of \(mapping.code)")
                    }
                    value = .string(code)
                }
                guard let written = format.write(value) else {
                    throw TranslationError(reason: "\(field.name): \(describe(source)) \(value) is not \(format.explanation) as the canonical form requires")
                }
                return written
            }
        }

        private func lookup(_ source: SourceReference, element: JSONValue?) -> JSONValue? {
            switch source {
            case .requestID: return .string(requestID.description)
            case .matterCode: return .string(matter)
            case .application(let path): return (element ?? document)[path: path]
            case let .output(reference, name):
                for member in flow.members(of: reference) {
                    if let value = outputs[member]?[name] { return value }
                }
                return nil
            }
        }

        private func describe(_ source: SourceReference) -> String {
            switch source {
            case .requestID: return "the request id"
            case .matterCode: return "the matter code"
            case .application(let path): return path.text
            case let .output(reference, name): return "\(reference).\(name)"
            }
        }
    }
}
