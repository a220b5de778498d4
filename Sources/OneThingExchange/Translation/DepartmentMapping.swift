/// How one department's documents look, read from `departments/<code>.json`.
struct DepartmentMapping: Sendable, Hashable {
    let code: String
    let title: String
    let format: DocumentFormat
    let contentType: String
    /// Root element of XML requests.
    let requestRoot: String?
    /// Canonical value -> department code, per table.
    let codeTables: [String: [String: String]]
    /// Per matter, the request document's fields in order.
    let requests: [String: [RequestField]]
    let reply: ReplyMapping
}

enum DocumentFormat: String, Sendable, Hashable {
    case json, xml
}

/// One field of a request document.
struct RequestField: Sendable, Hashable {
    let name: String
    let value: RequestValue
}

indirect enum RequestValue: Sendable, Hashable {
    /// A value taken from the application, an earlier output, the request id or the
    /// matter code, converted by `format` and `codeTable`; `fallback` when the source
    /// matter does not apply (or gave no such output).
    case source(SourceReference, format: ValueFormat, codeTable: String?, fallback: JSONValue?)
    case constant(JSONValue)
    case object([RequestField])
    /// One element per element of a list in the application, each built from `fields`
    /// whose sources are relative to the element.
    case each(SourceReference, [RequestField])
}

/// Where a request value comes from.
enum SourceReference: Sendable, Hashable {
    case requestID
    case matterCode
    /// A path into the application (or into the current list element, inside `each`).
    case application(JSONFieldPath)
    /// An output of an earlier matter, by concrete code or group name.
    case output(matterOrGroup: String, name: String)
}

/// How a value is written in a department's document, and read back from it.
enum ValueFormat: String, Sendable, Hashable {
    case text
    case dateCompact = "yyyyMMdd"
    case dateSlashed = "yyyy/MM/dd"
    case dateISO = "yyyy-MM-dd"
    case monthCompact = "yyyyMM"
    case monthISO = "yyyy-MM"
    case integer
    case yuan
    case fen
}

/// Where a reply keeps what the hub needs, and which status codes mean what.
struct ReplyMapping: Sendable, Hashable {
    let root: String?
    let requestID: String
    let matter: String?
    let interface: InterfaceFailureMapping?
    let status: String
    /// Department status code -> decision, in catalogue order (the first code of a
    /// decision is the one `encodeReply` writes).
    let statusCodes: [(code: String, decision: DecisionKind)]
    let reason: String
    let reasonRequiredFor: Set<DecisionKind>
    let outputs: [String: [ReplyOutput]]

    static func == (lhs: ReplyMapping, rhs: ReplyMapping) -> Bool {
        lhs.root == rhs.root && lhs.requestID == rhs.requestID && lhs.matter == rhs.matter
            && lhs.interface == rhs.interface && lhs.status == rhs.status
            && lhs.statusCodes.map(\.code) == rhs.statusCodes.map(\.code)
            && lhs.statusCodes.map(\.decision) == rhs.statusCodes.map(\.decision)
            && lhs.reason == rhs.reason && lhs.reasonRequiredFor == rhs.reasonRequiredFor && lhs.outputs == rhs.outputs
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(requestID)
        hasher.combine(status)
    }
}

enum DecisionKind: String, Sendable, Hashable {
    case received, approved, rejected
    case supplementRequired = "supplement-required"
}

/// An envelope-level failure code (an interface status code in the envelope), distinct from decisions.
struct InterfaceFailureMapping: Sendable, Hashable {
    let code: String
    let success: JSONValue
    let message: String
}

/// One output of an approved reply: the department field, its format, the canonical name.
struct ReplyOutput: Sendable, Hashable {
    let field: String
    let output: String
    let format: ValueFormat
}
