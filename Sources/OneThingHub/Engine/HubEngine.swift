import Foundation
import OneThingExchange
import OneThingStore

/// The orchestration engine: a pure function from (flow, time scale, now, the stored
/// application, one input) to (the new application, the effects to publish).
///
/// It does no I/O and reads no clock, so every transition is testable in microseconds and
/// the pipeline can apply it inside one store transaction. It knows nothing about any
/// particular flow: matters, departments, prerequisites and time limits all come from the
/// `Flow` loaded from the catalogue.
public struct HubEngine: Sendable {
    public let flow: Flow
    /// Multiplies every duration of the catalogue and the acknowledgement timeout.
    public let timeScale: Double
    /// How the hub signs what it produces, and binds requests to replies by digest; nil:
    /// messages leave unsigned and replies are not checked against request digests.
    public let signing: OutboundSigning?

    public init(flow: Flow, timeScale: Double = 1, signing: OutboundSigning? = nil) {
        self.flow = flow
        self.timeScale = timeScale > 0 ? timeScale : 1
        self.signing = signing
    }

    /// Applies one input to one application.
    /// - Parameters:
    ///   - applicationID: the application the input belongs to (the Kafka key of intake,
    ///     the request id's application for replies, the record's id for ticks and orders).
    ///   - record: the stored application, or nil when there is none yet.
    public func apply(_ input: EngineInput, applicationID: String, record: ApplicationRecord?,
                      now: Date) -> EngineResult {
        var step = EngineStep(engine: self, applicationID: applicationID, record: record, now: now,
                              sourceID: Self.sourceID(of: input, applicationID: applicationID, now: now))
        switch input {
        case .submitted(let eventID, let document, let source):
            step.submit(eventID: eventID, document: document, source: source)
        case .unusableIntake(let eventID, let code, let reason, _):
            step.refuseUnusableIntake(eventID: eventID, code: code, reason: reason)
        case .supplemented(let eventID, let data, let source):
            step.supplement(eventID: eventID, data: data, source: source)
        case .withdrawn(let eventID, let data, let source):
            step.withdraw(eventID: eventID, data: data, source: source)
        case .reply(let reply):
            step.receive(reply)
        case .tick:
            step.tick()
        case .order(let order):
            step.carryOut(order)
        case .evaluated(let eventID, let data, let source):
            step.evaluate(eventID: eventID, data: data, channel: source)
        case .supervisionAnswer(let answer):
            step.answer(answer)
        }
        var result = step.finish()
        if let signing { result.messages = result.messages.map(signing.sign) }
        return result
    }

    /// When the application's next timer falls due (acknowledgement, due-soon, overdue,
    /// the application's own deadline); nil when nothing is pending.
    public func nextTimer(of record: ApplicationRecord) -> Date? {
        TimerSchedule(engine: self).nextTimer(of: record)
    }

    /// A scaled duration in seconds.
    func scaled(_ seconds: Double) -> TimeInterval { seconds * timeScale }

    /// The scaled deadline of a catalogue time limit whose clock starts at `start`:
    /// working days are counted with the catalogue's calendar at the real instant.
    func deadline(of limit: TimeLimit, from start: Date) -> Date {
        flow.deadline(of: limit, from: start, timeScale: timeScale)
    }

    /// The identity that makes status-event ids unique and stable per input: for an
    /// event, a digest of its source and id (two channels may both use id `1`); for the
    /// hub's own inputs, the tick's instant or the order's number.
    private static func sourceID(of input: EngineInput, applicationID: String, now: Date) -> String {
        switch input {
        case .submitted(let eventID, _, let source), .supplemented(let eventID, _, let source),
             .withdrawn(let eventID, _, let source), .evaluated(let eventID, _, let source):
            return MintedID.event(source: source, id: eventID)
        case .unusableIntake(let eventID, _, _, let source):
            return MintedID.event(source: source, id: eventID ?? "unusable-\(Int64(now.timeIntervalSince1970 * 1000))")
        case .reply(let reply):
            return MintedID.event(source: reply.source, id: reply.eventID)
        case .supervisionAnswer(let answer):
            return MintedID.event(source: answer.source, id: answer.eventID)
        case .tick:
            return "tick-\(Int64(now.timeIntervalSince1970 * 1000))"
        case .order(let order):
            return "order-\(order.id)"
        }
    }
}
