import Foundation
import Testing
import OneThingExchange
import OneThingKafka
@testable import OneThingHub

/// The benchmark's logic probe runs the pipeline's own router and engine: applications it
/// is given complete, and what the router refuses is counted, not applied.
@Suite("Pipeline: logic probe")
struct HubLogicProbeTests {
    let flow = TestFlow.retirement

    private func intake(_ id: String) -> ConsumedMessage {
        let event = CloudEvent(id: "submit-\(id)", source: "/channels/online", type: flow.eventTypes.submitted,
                               time: HubTimeText.now, subject: id, contentType: "application/json",
                               data: ApplicationForms.full(id: id).serialized())
        let binary = CloudEventCodec.encodeBinary(event)
        return ConsumedMessage(topic: flow.topics.applications, partition: 0, offset: 0, key: Array(id.utf8),
                               value: binary.value, headers: binary.headers.map { KafkaHeader(key: $0.key, value: $0.value) },
                               timestamp: nil)
    }

    /// The owning department's approval of a request; nil for anything else.
    private func approval(of message: EngineMessage) -> ConsumedMessage? {
        guard message.header("ce_type") == flow.eventTypes.request,
              let id = message.header("ce_id").flatMap(RequestID.init(parsing:)),
              let owner = flow.matter(id.matter)?.department,
              let document = try? flow.encodeReply(department: owner, matter: id.matter, requestID: id,
                                                   decision: .approved(outputs: MatterOutputs.approved(id.matter))) else {
            return nil
        }
        let event = CloudEvent(id: id.description + ":approved", source: "/departments/" + owner, type: flow.eventTypes.reply,
                               subject: id.applicationID, contentType: document.contentType,
                               extensions: ["inreplyto": id.description], data: document.body)
        let binary = CloudEventCodec.encodeBinary(event)
        return ConsumedMessage(topic: flow.topics.replies(owner), partition: 0, offset: 0, key: Array(id.applicationID.utf8),
                               value: binary.value, headers: binary.headers.map { KafkaHeader(key: $0.key, value: $0.value) },
                               timestamp: nil)
    }

    @Test func applicationsCompleteAndRefusedMessagesAreCounted() {
        let garbage = ConsumedMessage(topic: flow.topics.applications, partition: 0, offset: 9, key: Array("GX-X".utf8),
                                      value: Array("not an event".utf8), headers: [], timestamp: nil)
        var answered = 0
        let figures = HubLogicProbe(engine: HubEngine(flow: flow))
            .run(intake: [intake("GX-PROBE-1"), garbage, intake("GX-PROBE-2")], now: Date()) { message in
                let reply = approval(of: message)
                if reply != nil { answered += 1 }
                return reply
            }
        #expect(figures.applications == 2)
        #expect(figures.completed == 2)
        #expect(figures.deadLettered == 1)
        #expect(answered > 2)
        #expect(figures.consumed == 2 + answered)
        // Every request answered, plus at least one status snapshot per input.
        #expect(figures.produced >= answered + figures.consumed)
    }
}
