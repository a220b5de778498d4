import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Engine: replies and progression")
struct ProgressionTests {
    @Test func happyPathCompletesWithOutputsFlowingIntoLaterRequests() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .received)
        #expect(hub.state("M10") == .received)
        #expect(hub.record?.state == .inProgress)
        #expect(hub.lastEvents == ["matter-received"])

        hub.approve("M10")
        #expect(Set(hub.lastRequestIDs) == ["GX-T-0001:M01:r1", "GX-T-0001:M04:r1"])
        #expect(hub.lastEvents == ["matter-approved"])
        let m01 = try #require(hub.lastMessages(on: "retirement.requests.hrss").first { $0.header("ce_matter") == "M01" })
        let m01Body = try JSONValue(parsing: m01.value)
        #expect(m01Body.objectValue?["HJQRLSH"]?.stringValue == "HJ2026112200017")

        hub.approve("M04")
        #expect(hub.lastRequestIDs == ["GX-T-0001:M07:r1"])
        hub.approve("M01")
        #expect(Set(hub.lastRequestIDs) == ["GX-T-0001:M05:r1", "GX-T-0001:M08:r1", "GX-T-0001:M09:r1"])
        let m05 = try #require(hub.lastMessages(on: "retirement.requests.hrss").first)
        let m05Body = try #require(try JSONValue(parsing: m05.value).objectValue)
        #expect(m05Body["AIC165"]?.stringValue == "GXTX2026000123")
        #expect(m05Body["AIC202"]?.intValue == 114)

        hub.approve("M07")
        #expect(hub.lastRequestIDs == ["GX-T-0001:M06:r1"])
        for matter in ["M05", "M06", "M08"] { hub.approve(matter) }
        #expect(hub.record?.outcome == nil)
        hub.approve("M09")
        let record = try #require(hub.record)
        #expect(record.outcome == .completed)
        #expect(record.state == .completed)
        #expect(record.nextTimerAt == nil)
        #expect(hub.lastEvents == ["matter-approved", "completed"])
        let final = try #require(hub.lastStatuses.last?.objectValue)
        #expect(final["outcome"]?.stringValue == "completed")
        let m09 = final["matters"]?.arrayValue?.first { $0.objectValue?["matter"]?.stringValue == "M09" }
        #expect(m09?.objectValue?["state"]?.stringValue == "approved")
        #expect(m09?.objectValue?["outputs"]?.objectValue == JSONObject(), "the reward amount is internal: not on the status topic")
        #expect(record.matter("M09")?.outputs["rewardAmount"]?.stringValue == "3600.00")
        let m01Status = final["matters"]?.arrayValue?.first { $0.objectValue?["matter"]?.stringValue == "M01" }
        #expect(m01Status?.objectValue?["outputs"]?.objectValue?["certificateNo"]?.stringValue == "GXTX2026000123")
    }

    @Test func rejectionOfIdentityCancelsEverythingAndRejects() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .rejected(reason: "信息不一致"))
        let record = try #require(hub.record)
        #expect(record.outcome == .rejected)
        #expect(record.matters.dropFirst().allSatisfy { $0.state == .cancelled })
        #expect(hub.lastCancels.isEmpty)  // nothing else had been sent
        #expect(hub.lastEvents == ["matter-rejected", "matter-cancelled", "completed"])
    }

    @Test func rejectedEligibilityCancelsDependentsAndWhatIsStillInFlight() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.approve("M10")
        hub.reply("M01", .rejected(reason: "未达到退休年龄"))
        let record = try #require(hub.record)
        #expect(record.outcome == .rejected)
        for matter in ["M05", "M06", "M07", "M08", "M09"] { #expect(hub.state(matter) == .cancelled) }
        #expect(hub.state("M04") == .cancelled)
        let cancels = hub.lastCancels
        #expect(cancels.count == 1)
        let cancel = try #require(cancels.first)
        #expect(cancel.topic == "retirement.requests.hrss")
        #expect(cancel.header("ce_matter") == "M04")
        #expect(cancel.header("ce_id") == "GX-T-0001:M04:r1:cancel")
        let body = try #require(try JSONValue(parsing: cancel.value).objectValue)
        #expect(body.keys == ["applicationId", "matter", "reason"])
        #expect(body["matter"]?.stringValue == "M04")
    }

    @Test func rejectionOfAnOrdinaryMatterIsPartialCompletion() throws {
        var hub = EngineHarness()
        hub.submit()
        for matter in ["M10", "M01", "M04", "M07", "M05", "M06", "M09"] { hub.approve(matter) }
        hub.reply("M08", .rejected(reason: "账户已冻结"))
        #expect(hub.record?.outcome == .partiallyCompleted)
        #expect(hub.record?.matter("M08")?.reason == "账户已冻结")
    }

    @Test func rejectedDeemedYearsCancelsOnlyItsDependent() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.approve("M10")
        hub.reply("M04", .rejected(reason: "材料不足"))
        #expect(hub.state("M07") == .cancelled)
        #expect(hub.state("M01") == .sent)
        #expect(hub.record?.outcome == nil)
        hub.approve("M01")
        // M05 comes after M04 (final), M06 after M07 (final): both go out.
        #expect(Set(hub.lastRequestIDs) == ["GX-T-0001:M05:r1", "GX-T-0001:M06:r1", "GX-T-0001:M08:r1", "GX-T-0001:M09:r1"])
    }

    @Test func duplicateStaleAndLateRepliesAreRecordedWithoutEffect() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .received)
        let afterReceived = hub.record
        hub.reply("M10", .received)
        #expect(hub.last.history.map(\.kind) == ["reply-duplicate"])
        #expect(hub.last.messages.isEmpty)
        #expect(hub.record?.matters == afterReceived?.matters)

        hub.approve("M10")
        hub.reply("M10", .rejected(reason: "late"))
        #expect(hub.last.history.map(\.kind) == ["reply-late"])
        #expect(hub.state("M10") == .approved)
        hub.approve("M10")
        #expect(hub.last.history.map(\.kind) == ["reply-duplicate"])

        // Stale: a reply to r1 after a supplement made r2 current.
        hub.reply("M01", .supplementRequired(reason: "请补充材料"))
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: .object(JSONObject([
            ("applicationId", .string(hub.id)), ("matter", .string("M01")),
            ("changes", .object(JSONObject([("applicant", .object(JSONObject([("phone", .string("13907719999"))])))]))),
        ]))))
        #expect(hub.record?.matter("M01")?.revision == 2)
        hub.reply("M01", .approved(outputs: MatterOutputs.approved("M01")), revision: 1)
        #expect(hub.last.history.map(\.kind) == ["reply-stale"])
        #expect(hub.state("M01") == .sent)
    }

    @Test func repliesThatCannotBeRoutedAreDeadLetters() throws {
        var hub = EngineHarness()
        hub.reply("M10", .received)
        #expect(hub.last.deadLetter?.code == "orphan-reply")

        hub.submit(ApplicationForms.minimal(id: hub.id))
        hub.reply("M09", .received)
        #expect(hub.last.deadLetter?.code == "orphan-reply")   // M09 does not apply
        hub.reply("M10", .received, department: "hrss")
        #expect(hub.last.deadLetter?.code == "wrong-department")
        hub.reply("M10", .received, revision: 5)
        #expect(hub.last.deadLetter?.code == "orphan-reply")

        let requestID = RequestID(applicationID: hub.id, matter: "M10", revision: 1)
        hub.apply(.reply(ReplyInput(eventID: "bad-1", department: "police", requestID: requestID,
                                    decoded: .failure(ProtocolError(reason: "JGDM 99 is not a result code.")))))
        #expect(hub.last.deadLetter?.code == "protocol-error")
        #expect(hub.last.history.map(\.kind) == ["protocol-error"])
        #expect(hub.state("M10") == .sent)
    }

    @Test func interfaceFailureIsRecordedAndCountsAsUnacknowledged() throws {
        var hub = EngineHarness()
        hub.submit()
        for matter in ["M10", "M01", "M04"] { hub.approve(matter) }
        let before = hub.record?.matter("M07")
        hub.reply("M07", .interfaceFailure(code: "-1", message: "系统繁忙"))
        #expect(hub.last.history.map(\.kind) == ["interface-failure"])
        #expect(hub.record?.matter("M07") == before)
        #expect(hub.last.messages.isEmpty)
        // The acknowledgement timer still runs: the request goes again.
        hub.tick(at: 601)
        #expect(hub.lastRequestIDs.contains("GX-T-0001:M07:r1"))
    }
}
