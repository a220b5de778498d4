import Foundation
import OneThingExchange
import OneThingStore
@testable import OneThingHub

/// Drives the pure engine for one application: keeps the record, the clock, and every
/// message and history entry produced, so tests read like the story they tell.
struct EngineHarness {
    let engine: HubEngine
    let id: String
    var now: Date
    var record: ApplicationRecord?
    var messages: [EngineMessage] = []
    var history: [HistoryEntry] = []
    var last = EngineResult(record: nil)
    private var eventCounter = 0

    /// The default start: Wednesday 2026-11-18 19:06:40 China time.
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    /// M10's limit, 1 working day, from `start`: to 24:00 on Thursday 2026-11-19.
    static let identitySpan: TimeInterval = 104_000
    /// The application's 15 working days from `start`: to 24:00 on Wednesday 2026-12-09
    /// (no holiday in between; three weekends).
    static let overallSpan: TimeInterval = 1_832_000

    init(id: String = "GX-T-0001", timeScale: Double = 1, start: Date = EngineHarness.start) {
        engine = HubEngine(flow: TestFlow.retirement, timeScale: timeScale)
        self.id = id
        now = start
    }

    var flow: Flow { engine.flow }

    @discardableResult
    mutating func apply(_ input: EngineInput, applicationID: String? = nil) -> EngineResult {
        let result = engine.apply(input, applicationID: applicationID ?? id, record: record, now: now)
        if let changed = result.record { record = changed }
        messages += result.messages
        history += result.history
        last = result
        return result
    }

    mutating func nextEventID() -> String {
        eventCounter += 1
        return "evt-\(eventCounter)"
    }

    @discardableResult
    mutating func submit(_ form: JSONValue? = nil) -> EngineResult {
        let eventID = nextEventID()
        return apply(.submitted(eventID: eventID, document: form ?? ApplicationForms.full(id: id)))
    }

    /// A reply to the matter's current request (or to an explicit revision).
    @discardableResult
    mutating func reply(_ matter: String, _ decision: ReplyDecision, revision: Int? = nil,
                        department: String? = nil) -> EngineResult {
        let rev = revision ?? record?.matter(matter)?.revision ?? 1
        let requestID = RequestID(applicationID: id, matter: matter, revision: rev)
        let input = ReplyInput(eventID: nextEventID(), department: department ?? flow.matter(matter)?.department ?? "",
                               requestID: requestID,
                               decoded: .success(DepartmentReply(requestID: requestID.description, decision: decision)))
        return apply(.reply(input))
    }

    @discardableResult
    mutating func approve(_ matter: String) -> EngineResult {
        reply(matter, .approved(outputs: MatterOutputs.approved(matter)))
    }

    mutating func advance(seconds: Double) { now = now.addingTimeInterval(seconds) }

    @discardableResult
    mutating func tick(at seconds: Double? = nil) -> EngineResult {
        if let seconds { advance(seconds: seconds) }
        return apply(.tick)
    }

    func state(_ matter: String) -> MatterState? { record?.matter(matter)?.state }

    /// Messages of the last step on a topic.
    func lastMessages(on topic: String) -> [EngineMessage] { last.messages.filter { $0.topic == topic } }

    /// The request ids of the last step's requests (not cancels).
    var lastRequestIDs: [String] {
        last.messages.filter { $0.header("ce_type") == flow.eventTypes.request }.compactMap { $0.header("ce_id") }
    }

    var lastCancels: [EngineMessage] { last.messages.filter { $0.header("ce_type") == flow.eventTypes.cancel } }

    /// The status snapshots of the last step, parsed.
    var lastStatuses: [JSONValue] {
        last.messages.filter { $0.topic == flow.topics.status }.compactMap { try? JSONValue(parsing: $0.value) }
    }

    var lastEvents: [String] { lastStatuses.compactMap { $0.objectValue?["event"]?.stringValue } }
}
