/// One flow of the catalogue (one "one thing" service): its topics, matters,
/// form rules and department mappings, and the operations the hub runs on them. All of
/// it comes from data; nothing here knows which flow it is.
public struct Flow: Sendable {
    /// Topic prefix and event type stem.
    public let name: String
    public let topics: FlowTopics
    public let eventTypes: FlowEventTypes
    public let departments: [DepartmentDefinition]
    /// Catalogue order.
    public let matters: [MatterDefinition]
    /// Seconds, unscaled.
    public let overallTimeLimit: Double
    /// Seconds, unscaled.
    public let acknowledgementTimeout: Double
    public let maxResends: Int
    public let dueSoonFraction: Double

    let models: [String: MatterModel]
    /// Group name -> member matter codes, catalogue order.
    let groups: [String: [String]]
    /// Matter codes or groups whose rejection rejects the whole application.
    let rejecting: [String]
    let form: FormSchema
    let mappings: [String: DepartmentMapping]

    public func matter(_ code: String) -> MatterDefinition? { models[code]?.definition }

    public func department(_ code: String) -> DepartmentDefinition? { departments.first { $0.code == code } }

    /// Group names of the flow (alternatives of which one applies).
    public var groupNames: [String] { groups.keys.sorted() }

    /// The concrete matter codes a code or group name stands for.
    public func members(of codeOrGroup: String) -> [String] {
        if let members = groups[codeOrGroup] { return members }
        return models[codeOrGroup] == nil ? [] : [codeOrGroup]
    }

    // MARK: Validation

    /// Checks every rule of the form and reports every problem at once.
    public func validate(_ document: JSONValue) -> Validation {
        FormValidator(schema: form).validate(document)
    }

    /// Applies a supplement (JSON Merge Patch) to a stored application: immutable fields
    /// may not change, and the result must pass every rule again.
    public func supplement(_ stored: Application, changes: JSONValue) -> Validation {
        FormValidator(schema: form).supplement(stored, changes: changes)
    }

    // MARK: Planning

    public func plan(_ application: Application) -> MatterPlan {
        Planner(flow: self).plan(application.document)
    }

    /// Waiting matters whose `requires` are all approved and whose `after` are all final
    /// (matters that do not apply count as absent). A missing state counts as `waiting`.
    public func readyToSend(_ plan: MatterPlan, states: [String: MatterState]) -> [String] {
        Planner(flow: self).readyToSend(plan, states: states)
    }

    /// Non-final matters that require, directly or through others, a rejected or
    /// cancelled matter: the hub cancels them (and sends `cancel` for those sent).
    public func cancellations(_ plan: MatterPlan, states: [String: MatterState]) -> [String] {
        Planner(flow: self).cancellations(plan, states: states)
    }

    /// Applicable matters not yet final: what a withdrawal cancels.
    public func unfinished(_ plan: MatterPlan, states: [String: MatterState]) -> [String] {
        plan.applicable.filter { !(states[$0] ?? .waiting).isFinal }
    }

    /// nil while an applicable matter is not final; otherwise `rejected` when a matter
    /// marked as rejecting the application was rejected,
    /// `partially-completed` when anything was rejected or cancelled, else `completed`.
    /// (`withdrawn` is the hub's to decide.)
    public func outcome(_ plan: MatterPlan, states: [String: MatterState]) -> Outcome? {
        Planner(flow: self).outcome(plan, states: states)
    }

    // MARK: Translation

    /// The department request document for one matter, from the application and the
    /// outputs of earlier approved matters (keyed by concrete matter code).
    public func encodeRequest(matter: String, application: Application, outputs: [String: JSONObject],
                              requestID: RequestID) throws(TranslationError) -> EncodedDocument {
        try RequestEncoder(flow: self).encode(matter: matter, application: application, outputs: outputs, requestID: requestID)
    }

    /// Parses a department reply into a decision with canonical outputs, or names what
    /// breaks the department's schema.
    public func decodeReply(department: String, body: [UInt8]) -> Result<DepartmentReply, ProtocolError> {
        ReplyDecoder(flow: self).decode(department: department, body: body)
    }

    /// The reply document a department would send: the inverse of `decodeReply`, for
    /// department simulators and tests.
    public func encodeReply(department: String, matter: String, requestID: RequestID,
                            decision: ReplyDecision) throws(TranslationError) -> EncodedDocument {
        try ReplyEncoder(flow: self).encode(department: department, matter: matter, requestID: requestID, decision: decision)
    }
}
