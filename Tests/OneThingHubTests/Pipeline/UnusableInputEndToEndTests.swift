import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

@Suite("End to end: duplicates, strays and garbage")
struct UnusableInputEndToEndTests {
    @Test func repliesThatAreDuplicateLateMisroutedOrphanOrMalformed() async throws {
        let bed = try HubTestBed(script: { _, _ in [] })   // the test answers by hand
        try bed.startHub()
        let id = "GX-E2E-STRAY"
        try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id)
        #expect(try await eventually { bed.departments.requests.current.contains("\(id):M10:r1") })
        let m10 = RequestID(applicationID: id, matter: "M10", revision: 1)

        // The same reply event delivered twice has one effect.
        try await bed.departments.reply(to: m10, decision: .received, eventID: "police-1")
        try await bed.departments.reply(to: m10, decision: .received, eventID: "police-1")
        try await bed.departments.reply(to: m10, decision: .approved(outputs: MatterOutputs.approved("M10")), eventID: "police-2")
        try await bed.waitFor(id) { $0.matter("M10")?.state == .approved }
        // After final: recorded, no effect.
        try await bed.departments.reply(to: m10, decision: .rejected(reason: "迟到的答复"), eventID: "police-3")
        // Misrouted: a police matter's reply on hrss's topic.
        try await bed.departments.reply(to: m10, decision: .received, onTopicOf: "hrss", eventID: "hrss-x")
        // Orphan: no such application.
        try await bed.departments.reply(to: RequestID(applicationID: "GX-NOBODY", matter: "M10", revision: 1),
                                        decision: .received, eventID: "police-4")
        // Malformed: breaks the police schema; and not a CloudEvent at all.
        try await bed.departments.sendReply(department: "police", requestID: m10.description, matter: "M10",
                                            body: Array("<HJXXQRJG><QQBH>\(m10)</QQBH><JGDM>77</JGDM></HJXXQRJG>".utf8),
                                            contentType: "application/xml", eventID: "police-5")
        // (Signed by the police: unsigned, it would be refused for that before anything else.)
        _ = try await bed.channel.producer.send(TestKeys.sign(OutgoingMessage(topic: "retirement.replies.police", key: nil,
                                                                              value: Array("garbage".utf8)),
                                                              as: "/departments/police"))

        #expect(try await eventually {
            Set(bed.deadLetterCodes()) == ["wrong-department", "orphan-reply", "protocol-error", "missing-header"]
        })
        #expect(try await eventually { try bed.history(id).contains { $0.kind == "reply-late" } })
        let history = try bed.history(id)
        #expect(history.filter { $0.eventID == "police-1" }.count == 1)
        #expect(history.contains { $0.kind == "protocol-error" })
        #expect(try bed.record(id)?.matter("M10")?.state == .approved)
        let stored = try bed.store.read { try $0.deadLetters(limit: 10) }
        #expect(stored.count == 4)
        let misrouted = try #require(bed.deadLetters().first { MockKafka.header($0, "dlq_code") == "wrong-department" })
        #expect(MockKafka.header(misrouted, "dlq_topic") == "retirement.replies.hrss")
        #expect(MockKafka.header(misrouted, "dlq_offset") != nil)
        #expect(MockKafka.header(misrouted, "dlq_partition") != nil)
        #expect(MockKafka.header(misrouted, "dlq_time")?.hasSuffix("+08:00") == true)
        #expect(MockKafka.header(misrouted, "dlq_reason")?.isEmpty == false)
        #expect(MockKafka.header(misrouted, "ce_inreplyto") == m10.description)   // original headers kept
        await bed.shutdown()
    }

    @Test func intakeThatIsMalformedUnknownConflictingOrDuplicate() async throws {
        let bed = try HubTestBed()
        try bed.startHub()
        let flow = bed.flow
        // Valid, in structured mode.
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-IN-OK"), id: "GX-IN-OK", structured: true)
        // An identical resubmission (new event id) and a conflicting one.
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-IN-OK"), id: "GX-IN-OK")
        try await bed.channel.submit(ApplicationForms.full(id: "GX-IN-OK"), id: "GX-IN-OK")
        // Data that is not JSON, with a key.
        try await bed.channel.send(type: flow.eventTypes.submitted, key: "GX-IN-BAD", data: Array("{not json".utf8))
        // An unknown event type.
        try await bed.channel.send(type: "gov.onething.retirement.teleported", key: "GX-IN-ODD", data: Array("{}".utf8))
        // Not a CloudEvent, no key.
        try await bed.channel.raw(key: nil, value: Array("hello".utf8), headers: [])
        // The form's id differs from the key.
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-IN-FORM"), id: "GX-IN-KEY")

        #expect(try await bed.waitForOutcome("GX-IN-OK") == .completed)
        #expect(try await eventually { bed.deadLetterCodes().sorted() == ["malformed", "missing-header", "unknown-type"] })
        #expect(try await eventually { bed.statusEvents("GX-IN-BAD") == ["invalid"] })
        #expect(try await eventually { bed.statusEvents("GX-IN-ODD") == ["invalid"] })
        #expect(try bed.record("GX-IN-BAD")?.state == .invalid)
        #expect(try await eventually { bed.statusEvents("GX-IN-OK").contains("conflict") })
        let history = try bed.history("GX-IN-OK").map(\.kind)
        #expect(history.contains("duplicate"))
        #expect(history.contains("conflict"))
        let mismatch = try #require(try await bed.waitFor("GX-IN-KEY") { $0.state == .invalid })
        #expect(mismatch.errors.contains { $0.code == "mismatch" })
        await bed.shutdown()
    }
}
