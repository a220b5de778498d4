import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// Each outcome through the whole pipeline: channel -> Kafka -> hub -> departments -> hub.
@Suite("End to end: outcomes")
struct OutcomeEndToEndTests {
    @Test func completedWithEveryRequestOnceAndStatusFollowing() async throws {
        let bed = try HubTestBed()
        try bed.startHub()
        try await bed.channel.submit(ApplicationForms.full(id: "GX-E2E-OK"), id: "GX-E2E-OK")
        let outcome = try await bed.waitForOutcome("GX-E2E-OK")
        #expect(outcome == .completed)
        let expected = ["M10", "M01", "M04", "M05", "M06", "M07", "M08", "M09"].map { "GX-E2E-OK:\($0):r1" }
        #expect(Set(bed.departments.requests.current) == Set(expected))
        #expect(try await eventually { bed.statusEvents("GX-E2E-OK").last == "completed" })
        let events = bed.statusEvents("GX-E2E-OK")
        #expect(events.first == "accepted")
        #expect(events.filter { $0 == "matter-approved" }.count == 8)
        let final = try #require(bed.statuses("GX-E2E-OK").last)
        #expect(final["state"]?.stringValue == "completed")
        #expect(try await eventually { try bed.store.read { try $0.outboxDepth() } == 0 })
        try await bed.stopHub()
        await bed.shutdown()
    }

    @Test func partiallyCompletedWhenAnOrdinaryMatterIsRejected() async throws {
        let bed = try HubTestBed(script: { request, copy in
            guard copy == 1 else { return [] }
            return request.matter == "M08" ? [.received, .rejected(reason: "账户状态异常")]
                : [.received, .approved(outputs: MatterOutputs.approved(request.matter))]
        })
        try bed.startHub()
        try await bed.channel.submit(ApplicationForms.full(id: "GX-E2E-PART"), id: "GX-E2E-PART")
        #expect(try await bed.waitForOutcome("GX-E2E-PART") == .partiallyCompleted)
        await bed.shutdown()
    }

    @Test func rejectedAtIdentityCheck() async throws {
        let bed = try HubTestBed(script: { request, copy in
            guard copy == 1 else { return [] }
            return request.matter == "M10" ? [.rejected(reason: "查无此人")] : [.approved(outputs: MatterOutputs.approved(request.matter))]
        })
        try bed.startHub()
        try await bed.channel.submit(ApplicationForms.full(id: "GX-E2E-M10"), id: "GX-E2E-M10")
        #expect(try await bed.waitForOutcome("GX-E2E-M10") == .rejected)
        // Only M10 was ever requested. It may arrive twice: at this time scale its
        // acknowledgement timeout is 0.6 s, and a busy test machine can pass it (a resend
        // repeats the same request id).
        #expect(Set(bed.departments.requests.current) == ["GX-E2E-M10:M10:r1"])
        let record = try #require(try bed.record("GX-E2E-M10"))
        #expect(record.matters.dropFirst().allSatisfy { $0.state == .cancelled })
        await bed.shutdown()
    }

    @Test func rejectedAtEligibilityCancelsDependentsAndTellsDepartments() async throws {
        let bed = try HubTestBed(script: { request, copy in
            guard copy == 1 else { return [] }
            switch request.matter {
            case "M01": return [.received, .rejected(reason: "未达到法定退休年龄")]
            case "M04": return [.received]   // still working on it when eligibility fails
            default: return [.received, .approved(outputs: MatterOutputs.approved(request.matter))]
            }
        })
        try bed.startHub()
        try await bed.channel.submit(ApplicationForms.full(id: "GX-E2E-ELIG"), id: "GX-E2E-ELIG")
        #expect(try await bed.waitForOutcome("GX-E2E-ELIG") == .rejected)
        let record = try #require(try bed.record("GX-E2E-ELIG"))
        for matter in ["M04", "M05", "M06", "M07", "M08", "M09"] {
            #expect(record.matter(matter)?.state == .cancelled, "\(matter)")
        }
        #expect(try await eventually { bed.departments.cancels.current == ["GX-E2E-ELIG:M04"] })
        await bed.shutdown()
    }

    @Test func withdrawnMidWay() async throws {
        let bed = try HubTestBed(script: { request, copy in
            guard copy == 1 else { return [] }
            return request.matter == "M10" ? [.received, .approved(outputs: MatterOutputs.approved("M10"))] : [.received]
        })
        try bed.startHub()
        try await bed.channel.submit(ApplicationForms.full(id: "GX-E2E-WD"), id: "GX-E2E-WD")
        try await bed.waitFor("GX-E2E-WD") { $0.matter("M01")?.state == .received && $0.matter("M04")?.state == .received }
        try await bed.channel.withdraw(id: "GX-E2E-WD", reason: "本人申请撤回")
        #expect(try await bed.waitForOutcome("GX-E2E-WD") == .withdrawn)
        #expect(try await eventually { Set(bed.departments.cancels.current) == ["GX-E2E-WD:M01", "GX-E2E-WD:M04"] })
        #expect(try await eventually { bed.statusEvents("GX-E2E-WD").last == "withdrawn" })
        await bed.shutdown()
    }
}
