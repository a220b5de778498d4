import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Engine: supplements")
struct SupplementTests {
    static func supplement(_ id: String, matter: String, changes: JSONObject) -> JSONValue {
        .object(JSONObject([("applicationId", .string(id)), ("matter", .string(matter)), ("changes", .object(changes))]))
    }

    static let phoneChange = JSONObject([("applicant", .object(JSONObject([("phone", .string("13907719999"))])))])

    @Test func supplementPausesTheClockAndResendsAsTheNextRevision() throws {
        var hub = EngineHarness()
        hub.submit()
        let sentAt = hub.now
        hub.advance(seconds: 3600)
        hub.reply("M10", .supplementRequired(reason: "请补充户口簿首页"))
        #expect(hub.state("M10") == .supplementRequired)
        #expect(hub.record?.state == .awaitingSupplement)
        #expect(hub.lastEvents == ["matter-supplement-required"])
        // The clock is paused: the only timer left is the applicant's supplement notice
        // (一次告知), due once the catalogue's gathering window has passed.
        #expect(hub.record?.nextTimerAt == hub.now.addingTimeInterval(1800))

        hub.advance(seconds: 7200)
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: Self.supplement(hub.id, matter: "M10", changes: Self.phoneChange)))
        let matter = try #require(hub.record?.matter("M10"))
        #expect(matter.state == .sent)
        #expect(matter.revision == 2)
        #expect(matter.requestID == "GX-T-0001:M10:r2")
        #expect(matter.pausedSeconds == 7200)
        #expect(matter.deadline == sentAt.addingTimeInterval(EngineHarness.identitySpan + 7200))
        #expect(matter.sentAt == sentAt)
        #expect(hub.lastRequestIDs == ["GX-T-0001:M10:r2"])
        #expect(hub.lastEvents == ["supplement-accepted"])
        #expect(hub.record?.state == .inProgress)
        #expect(hub.record?.document.objectValue?["applicant"]?.objectValue?["phone"]?.stringValue == "13907719999")
    }

    @Test func invalidSupplementIsRefusedAndTheMatterKeepsWaiting() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .supplementRequired(reason: "请补充"))
        let bad = JSONObject([("applicant", .object(JSONObject([("phone", .string("12345"))])))])
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: Self.supplement(hub.id, matter: "M10", changes: bad)))
        #expect(hub.state("M10") == .supplementRequired)
        #expect(hub.lastEvents == ["supplement-invalid"])
        #expect(hub.lastRequestIDs.isEmpty)
        let errors = try #require(hub.lastStatuses.first?.objectValue?["errors"]?.arrayValue)
        #expect(errors.contains { $0.objectValue?["field"]?.stringValue == "applicant.phone" })

        let immutable = JSONObject([("applicant", .object(JSONObject([("idNumber", .string("11010519491231002X"))])))])
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: Self.supplement(hub.id, matter: "M10", changes: immutable)))
        #expect(hub.record?.errors.contains { $0.code == "immutable" } == true)
        #expect(hub.state("M10") == .supplementRequired)
    }

    @Test func supplementForAMatterNotAwaitingOneIsAStateError() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: Self.supplement(hub.id, matter: "M10", changes: Self.phoneChange)))
        #expect(hub.lastEvents == ["supplement-invalid"])
        #expect(hub.record?.errors.first?.code == "state")
        #expect(hub.record?.matter("M10")?.revision == 1)
    }

    @Test func supplementForAnUnknownApplicationIsAnsweredWithoutARecord() throws {
        var hub = EngineHarness()
        hub.apply(.supplemented(eventID: "s-1", data: Self.supplement(hub.id, matter: "M10", changes: Self.phoneChange)))
        #expect(hub.record == nil)
        #expect(hub.lastEvents == ["supplement-invalid"])
        #expect(hub.lastStatuses.first?.objectValue?["state"]?.stringValue == "invalid")
    }
}

@Suite("Engine: withdrawal and orders")
struct WithdrawalTests {
    @Test func withdrawalCancelsOpenMattersAndTellsDepartmentsThatHaveThem() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.approve("M10")
        hub.approve("M01")
        hub.apply(.withdrawn(eventID: hub.nextEventID(),
                             data: .object(JSONObject([("applicationId", .string(hub.id)), ("reason", .string("本人撤回"))]))))
        let record = try #require(hub.record)
        #expect(record.outcome == .withdrawn)
        #expect(record.state == .withdrawn)
        #expect(record.matters.filter { $0.state == .cancelled }.count == 6)
        let cancelled = Set(hub.lastCancels.compactMap { $0.header("ce_matter") })
        #expect(cancelled == ["M04", "M08", "M09"])  // M05 waits for M04, M06 for M07
        #expect(hub.lastEvents == ["withdrawn"])
        // After the end, a withdrawal changes nothing.
        hub.apply(.withdrawn(eventID: hub.nextEventID(), data: .object(JSONObject([("applicationId", .string(hub.id))]))))
        #expect(hub.last.messages.isEmpty)
        #expect(hub.last.history.map(\.kind) == ["withdrawn"])
    }

    @Test func resendOrderRepeatsTheSameRequestId() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.advance(seconds: 30)
        hub.apply(.order(AdminOrder(id: 7, applicationID: hub.id, kind: .resend(matter: "M10"),
                                    requestedBy: "operator", requestedAt: hub.now)))
        #expect(hub.lastRequestIDs == ["GX-T-0001:M10:r1"])
        #expect(hub.last.orderResult?.hasPrefix("Resent") == true)
        #expect(hub.record?.matter("M10")?.lastSentAt == hub.now)

        hub.apply(.order(AdminOrder(id: 8, applicationID: hub.id, kind: .resend(matter: "M05"),
                                    requestedBy: "operator", requestedAt: hub.now)))
        #expect(hub.lastRequestIDs.isEmpty)
        #expect(hub.last.orderResult?.hasPrefix("Nothing done") == true)
    }

    @Test func withdrawOrderEndsTheApplication() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.apply(.order(AdminOrder(id: 9, applicationID: hub.id, kind: .withdraw(reason: "申请人电话撤回"),
                                    requestedBy: "operator", requestedAt: hub.now)))
        #expect(hub.record?.outcome == .withdrawn)
        #expect(hub.lastCancels.count == 1)
        #expect(hub.last.orderResult == "Withdrawn.")
        var none = EngineHarness(id: "GX-NONE")
        none.apply(.order(AdminOrder(id: 10, applicationID: "GX-NONE", kind: .withdraw(reason: "x"),
                                     requestedBy: "operator", requestedAt: none.now)))
        #expect(none.record == nil)
        #expect(none.last.orderResult?.hasPrefix("Nothing done") == true)
    }
}
