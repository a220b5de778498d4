import Foundation

/// One flow of the catalogue (one "one thing" service): its topics, matters,
/// form rules and department mappings, and the operations the hub runs on them. All of
/// it comes from data; nothing here knows which flow it is.
public struct Flow: Sendable {
    /// Topic prefix and event type stem.
    public let name: String
    /// Set once at load (the promises add their topics to it).
    public internal(set) var topics: FlowTopics
    public let eventTypes: FlowEventTypes
    public let departments: [DepartmentDefinition]
    /// Catalogue order.
    public let matters: [MatterDefinition]
    /// The whole application's limit from acceptance (the 15-working-day commitment).
    public let overallTimeLimit: TimeLimit
    /// The limit the service had before the reform (`previousTimeLimit`), for reports
    /// that set the figures against it and the commitment; nil when the catalogue does
    /// not say.
    public let previousTimeLimit: TimeLimit?
    /// Seconds, unscaled.
    public let acknowledgementTimeout: Double
    public let maxResends: Int
    public let dueSoonFraction: Double
    /// The catalogue's working-day calendar, shared by every flow.
    public let calendar: WorkingCalendar
    /// Which channel may supplement or withdraw what (`channels.json`).
    public let channels: ChannelPolicy
    /// 好差评, 一次告知 and 督办 (`<flow>/promises.json`); nil when the flow states none.
    public internal(set) var promises: PromisePolicy? = nil

    let models: [String: MatterModel]
    /// Group name -> member matter codes, catalogue order.
    let groups: [String: [String]]
    /// Matter codes or groups whose rejection rejects the whole application.
    let rejecting: [String]
    let form: FormSchema
    let mappings: [String: DepartmentMapping]
    /// `members(of:)` for every matter code and group name, built at load: planning and
    /// translation ask for it at every step, and a one-element array per question cost
    /// an allocation each.
    let memberLists: [String: [String]]

    /// The `memberLists` of a catalogue's matters and groups.
    static func memberLists(models: [String: MatterModel], groups: [String: [String]]) -> [String: [String]] {
        var lists = groups
        for code in models.keys where lists[code] == nil { lists[code] = [code] }
        return lists
    }

    public func matter(_ code: String) -> MatterDefinition? { models[code]?.definition }

    /// The deadline of a limit whose clock starts at `start`, counted with the flow's
    /// calendar and scaled (see `TimeLimit.deadline`).
    public func deadline(of limit: TimeLimit, from start: Date, timeScale: Double = 1) -> Date {
        limit.deadline(from: start, calendar: calendar, timeScale: timeScale)
    }

    public func department(_ code: String) -> DepartmentDefinition? { departments.first { $0.code == code } }

    /// The concrete matter codes a code or group name stands for.
    public func members(of codeOrGroup: String) -> [String] {
        memberLists[codeOrGroup] ?? []
    }

    // MARK: Validation

    /// Checks every rule of the form and reports every problem at once.
    public func validate(_ document: JSONValue) -> Validation {
        FormValidator(schema: form).validate(document)
    }

    /// The fields no supplement may change (`application.json` `immutable`).
    public var immutableFields: [String] { form.immutable }

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
    public func readyToSend(_ plan: MatterPlan, states: MatterStates) -> [String] {
        Planner(flow: self).readyToSend(plan, states: states)
    }

    /// Non-final matters that require, directly or through others, a rejected or
    /// cancelled matter: the hub cancels them (and sends `cancel` for those sent).
    public func cancellations(_ plan: MatterPlan, states: MatterStates) -> [String] {
        Planner(flow: self).cancellations(plan, states: states)
    }

    /// Applicable matters not yet final: what a withdrawal cancels.
    public func unfinished(_ plan: MatterPlan, states: MatterStates) -> [String] {
        plan.applicable.filter { !(states[$0] ?? .waiting).isFinal }
    }

    /// nil while an applicable matter is not final; otherwise `rejected` when a matter
    /// marked as rejecting the application was rejected,
    /// `partially-completed` when anything was rejected or cancelled, else `completed`.
    /// (`withdrawn` is the hub's to decide.)
    public func outcome(_ plan: MatterPlan, states: MatterStates) -> Outcome? {
        Planner(flow: self).outcome(plan, states: states)
    }

    // The same questions with the states in a dictionary, for callers that build them
    // by hand (tests, tools).

    public func readyToSend(_ plan: MatterPlan, states: [String: MatterState]) -> [String] {
        readyToSend(plan, states: MatterStates(states))
    }

    public func cancellations(_ plan: MatterPlan, states: [String: MatterState]) -> [String] {
        cancellations(plan, states: MatterStates(states))
    }

    public func unfinished(_ plan: MatterPlan, states: [String: MatterState]) -> [String] {
        unfinished(plan, states: MatterStates(states))
    }

    public func outcome(_ plan: MatterPlan, states: [String: MatterState]) -> Outcome? {
        outcome(plan, states: MatterStates(states))
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
