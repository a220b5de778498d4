/// Reads a department reply into a canonical decision, refusing (with a one-sentence
/// reason) anything that breaks the department's schema: unparseable, no request id,
/// unknown status, missing required reason, approved without every output, an output in
/// the wrong format, or a matter the department does not handle.
struct ReplyDecoder {
    let flow: Flow

    func decode(department: String, body: [UInt8]) -> Result<DepartmentReply, ProtocolError> {
        guard let mapping = flow.mappings[department] else {
            return .failure(ProtocolError(reason: "There is no department \(department) in flow \(flow.name)."))
        }
        let reply = mapping.reply
        let document: JSONValue
        switch mapping.format {
        case .json:
            do {
                document = try JSONValue(parsing: body)
            } catch {
                return .failure(ProtocolError(reason: "The reply is not JSON (\(error.description))."))
            }
            guard case .object = document else { return .failure(ProtocolError(reason: "The reply is not a JSON object.")) }
        case .xml:
            switch XMLReader.read(body) {
            case .failure(let error): return .failure(error)
            case .success(let parsed):
                if let root = reply.root, parsed.root != root {
                    return .failure(ProtocolError(reason: "The XML reply's root element is \(parsed.root), not \(root)."))
                }
                document = .object(parsed.content)
            }
        }
        let textual = mapping.format == .xml
        func fail(_ reason: String) -> Result<DepartmentReply, ProtocolError> { .failure(ProtocolError(reason: reason)) }

        guard let requestID = document[path: reply.requestID]?.stringValue, !requestID.isEmpty else {
            return fail("The reply has no request id in \(reply.requestID).")
        }
        let parsedID = RequestID(parsing: requestID)
        var matter = parsedID?.matter
        if let field = reply.matter {
            guard let named = document[path: field]?.stringValue, !named.isEmpty else {
                return fail("The reply has no matter code in \(field).")
            }
            if let matter, matter != named {
                return fail("The reply's \(field) \(named) disagrees with its request id \(requestID).")
            }
            matter = named
        }
        if let matter {
            guard let definition = flow.matter(matter), definition.department == department else {
                return fail("Matter \(matter) is not handled by department \(department).")
            }
        }

        if let interface = reply.interface {
            guard let code = document[path: interface.code], let codeText = Self.scalarText(code) else {
                return fail("The reply has no interface code in \(interface.code).")
            }
            if codeText != Self.scalarText(interface.success) {
                let message = document[path: interface.message]?.stringValue ?? ""
                return .success(DepartmentReply(requestID: requestID, decision: .interfaceFailure(code: codeText, message: message)))
            }
        }

        guard let statusValue = document[path: reply.status], let status = Self.scalarText(statusValue) else {
            return fail("The reply has no status in \(reply.status).")
        }
        guard let kind = reply.statusCodes.first(where: { $0.code == status })?.decision else {
            return fail("The reply's status \(reply.status) has the unknown code \(status).")
        }
        let reason = document[path: reply.reason]?.stringValue
        let hasReason = !(reason ?? "").trimmingWhitespace.isEmpty
        if reply.reasonRequiredFor.contains(kind), !hasReason {
            return fail("The reply with status \(status) (\(kind.rawValue)) lacks the reason \(reply.reason).")
        }

        let decision: ReplyDecision
        switch kind {
        case .received: decision = .received
        case .rejected: decision = .rejected(reason: reason ?? "")
        case .supplementRequired: decision = .supplementRequired(reason: reason ?? "")
        case .approved:
            guard let matter else {
                return fail("The approved reply's request id \(requestID) does not name a matter, so its outputs cannot be checked.")
            }
            var outputs = JSONObject()
            for output in reply.outputs[matter] ?? [] {
                guard let raw = document[path: output.field], !raw.isNull else {
                    return fail("The approved reply for \(matter) lacks \(output.field) (\(output.output)).")
                }
                guard let value = output.format.read(raw, textual: textual) else {
                    return fail("The approved reply for \(matter) has \(output.field) \(raw) that is not \(output.format.explanation).")
                }
                outputs[output.output] = value
            }
            decision = .approved(outputs: outputs)
        }
        return .success(DepartmentReply(requestID: requestID, decision: decision))
    }

    /// Status and interface codes compared as text, whether sent as "1" or 1.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: return nil
        }
    }
}
