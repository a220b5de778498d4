import Foundation
import OneThingExchange
import OneThingStore

/// The working state of one `HubEngine.apply`: the record being changed and the effects
/// collected so far. Each concern (submission, replies, timers, ...) extends it in its own
/// file; `finish()` turns it into an `EngineResult`.
struct EngineStep {
    let engine: HubEngine
    let applicationID: String
    let now: Date
    let sourceID: String
    let loaded: ApplicationRecord?
    var record: ApplicationRecord?

    var messages: [EngineMessage] = []
    var history: [HistoryEntry] = []
    var deadLetter: DeadLetterVerdict?
    var orderResult: String?
    /// Status events to publish, in order; each becomes one full snapshot.
    var announcements: [Announcement] = []
    /// Errors to show in this step's snapshots (invalid, conflict, supplement-invalid).
    var statusErrors: [FieldIssue] = []
    /// Set by handlers that replace the stored form (acceptance, supplements).
    var documentReplaced = false
    /// A snapshot for an application the hub does not keep (unknown id): published as is.
    var unrecordedSnapshots: [[UInt8]] = []

    struct Announcement {
        var event: String
        var matter: String?
    }

    var flow: Flow { engine.flow }

    init(engine: HubEngine, applicationID: String, record: ApplicationRecord?, now: Date, sourceID: String) {
        self.engine = engine
        self.applicationID = applicationID
        self.now = now
        self.sourceID = sourceID
        self.loaded = record
        self.record = record
    }

    // MARK: small helpers every handler uses

    mutating func note(_ kind: String, matter: String? = nil, eventID: String? = nil, _ detail: String) {
        history.append(HistoryEntry(applicationID: applicationID, at: now, kind: kind,
                                    matter: matter, eventID: eventID, detail: detail))
    }

    mutating func announce(_ event: String, matter: String? = nil) {
        announcements.append(Announcement(event: event, matter: matter))
    }

    func matterIndex(_ code: String) -> Int? {
        record?.matters.firstIndex { $0.code == code }
    }

    /// Current matter states by code, as the flow's planning functions take them.
    var states: MatterStates {
        let matters = record?.matters ?? []
        var states = MatterStates(capacity: matters.count)
        for matter in matters { states[matter.code] = matter.state }
        return states
    }

    /// The plan the application was accepted with (the matters stored at acceptance).
    var plan: MatterPlan {
        MatterPlan(applicable: record?.matters.map(\.code) ?? [], notApplicable: record?.notApplicable ?? [])
    }

    // MARK: finishing

    /// Derives the application state, pauses or resumes the application's clock,
    /// schedules the next timer, stamps the change and
    /// renders one status snapshot per announcement.
    mutating func finish() -> EngineResult {
        var changed = false
        keepPromises()
        if var current = record {
            current.state = ApplicationStateRules.state(of: current)
            ApplicationClock.update(&current, now: now)
            current.nextTimerAt = TimerSchedule(engine: engine).nextTimer(of: current)
            if let last = announcements.last {
                current.lastEvent = last.event
                current.lastEventMatter = last.matter
            }
            changed = !announcements.isEmpty || differs(current, from: loaded)
            if changed { current.updatedAt = now }
            record = current
        }
        var result = EngineResult(record: record)
        result.recordChanged = changed
        result.messages = messages
        result.history = history
        result.deadLetter = deadLetter
        result.orderResult = orderResult
        result.events = announcements.map { StatusEvent(event: $0.event, matter: $0.matter) }
        for (index, announcement) in announcements.enumerated() {
            guard let current = record else { break }
            let snapshot = StatusSnapshotWriter.render(record: current, event: announcement.event,
                                                       matter: announcement.matter, errors: statusErrors,
                                                       publicOutputs: { [flow] in flow.matter($0)?.publicOutputs ?? [] })
            result.messages.append(statusMessage(snapshot, index: index))
        }
        for (index, snapshot) in unrecordedSnapshots.enumerated() {
            result.messages.append(statusMessage(snapshot, index: announcements.count + index))
        }
        return result
    }

    /// Whether the record changed. The form is compared only when a handler replaced it
    /// (`documentReplaced`): comparing a whole form at every reply would cost more than
    /// the rest of the step.
    private func differs(_ current: ApplicationRecord, from loaded: ApplicationRecord?) -> Bool {
        guard var before = loaded else { return true }
        if documentReplaced { return current != before }
        var after = current
        after.document = .null
        before.document = .null
        return after != before
    }

    private func statusMessage(_ snapshot: [UInt8], index: Int) -> EngineMessage {
        let id = "\(applicationID):status:\(sourceID):\(index)"
        return WireMessages.event(topic: flow.topics.status, key: applicationID, id: id,
                                  type: flow.eventTypes.status, time: now, subject: applicationID,
                                  contentType: "application/json", matter: nil,
                                  value: snapshot)
    }
}
