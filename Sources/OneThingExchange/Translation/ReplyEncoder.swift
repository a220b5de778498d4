/// Writes the reply a department would send for a decision: the inverse of
/// `ReplyDecoder`, used by department simulators and tests. Fields appear in the order
/// request id, matter, interface code and message, status, reason, outputs, as in the
/// spec's examples.
struct ReplyEncoder {
    let flow: Flow

    func encode(department: String, matter: String, requestID: RequestID,
                decision: ReplyDecision) throws(TranslationError) -> EncodedDocument {
        guard let mapping = flow.mappings[department] else { throw TranslationError(reason: "unknown department \(department)") }
        guard let definition = flow.matter(matter), definition.department == department else {
            throw TranslationError(reason: "matter \(matter) is not handled by department \(department)")
        }
        let reply = mapping.reply
        var document = JSONValue.object(JSONObject())
        func set(_ path: String, _ value: JSONValue) {
            document = document.setting(value, atKeys: ArraySlice(path.split(separator: ".").map(String.init)))
        }
        set(reply.requestID, .string(requestID.description))
        if let field = reply.matter { set(field, .string(matter)) }

        if case let .interfaceFailure(code, message) = decision {
            guard let interface = reply.interface else {
                throw TranslationError(reason: "department \(department) has no interface failure code")
            }
            if case .int = interface.success, let number = Int64(code) { set(interface.code, .int(number)) } else { set(interface.code, .string(code)) }
            set(interface.message, .string(message))
            return try finish(document, mapping: mapping)
        }
        if let interface = reply.interface {
            set(interface.code, interface.success)
            set(interface.message, .null)
        }
        let kind: DecisionKind
        var reason = ""
        switch decision {
        case .received: kind = .received
        case .approved: kind = .approved
        case .rejected(let text): kind = .rejected; reason = text
        case .supplementRequired(let text): kind = .supplementRequired; reason = text
        case .interfaceFailure: kind = .received  // handled above
        }
        guard let code = reply.statusCodes.first(where: { $0.decision == kind })?.code else {
            throw TranslationError(reason: "department \(department) has no status code for \(kind.rawValue)")
        }
        set(reply.status, .string(code))
        set(reply.reason, .string(reason))
        if case .approved(let outputs) = decision {
            for output in reply.outputs[matter] ?? [] {
                guard let canonical = outputs[output.output] else {
                    throw TranslationError(reason: "the approval of \(matter) needs output \(output.output)")
                }
                guard let written = output.format.write(canonical) else {
                    throw TranslationError(reason: "output \(output.output) \(canonical) is not in its canonical format")
                }
                set(output.field, written)
            }
        }
        return try finish(document, mapping: mapping)
    }

    private func finish(_ document: JSONValue, mapping: DepartmentMapping) throws(TranslationError) -> EncodedDocument {
        let object = document.objectValue ?? JSONObject()
        switch mapping.format {
        case .json:
            return EncodedDocument(contentType: mapping.contentType, body: document.serialized())
        case .xml:
            return EncodedDocument(contentType: mapping.contentType,
                                   body: try XMLWriter.document(root: mapping.reply.root ?? mapping.code, object))
        }
    }
}
