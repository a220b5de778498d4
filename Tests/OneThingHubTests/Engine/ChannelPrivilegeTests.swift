import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

/// Least privilege for channels, with the catalogue's `Topics/retirement/channels.json`:
/// the submitter or a channel acting for the applicant (the window) may supplement and
/// withdraw; each channel changes only its fields; the bank account only at the window,
/// with a reason.
@Suite("Engine: channel privileges")
struct ChannelPrivilegeTests {
    static let online = "/channels/online"
    static let window = "/channels/window"

    /// An application submitted by `source`, with M10 awaiting a supplement.
    static func awaitingSupplement(from source: String = online) -> EngineHarness {
        var hub = EngineHarness()
        hub.apply(.submitted(eventID: hub.nextEventID(), document: ApplicationForms.full(id: hub.id), source: source))
        hub.reply("M10", .supplementRequired(reason: "请核对信息"))
        return hub
    }

    static func supplement(_ hub: inout EngineHarness, from source: String, changes: JSONObject, reason: String? = nil) {
        var data = JSONObject([("applicationId", .string(hub.id)), ("matter", .string("M10")), ("changes", .object(changes))])
        if let reason { data["reason"] = .string(reason) }
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: .object(data), source: source))
    }

    static func withdraw(_ hub: inout EngineHarness, from source: String) {
        hub.apply(.withdrawn(eventID: hub.nextEventID(),
                             data: .object(JSONObject([("applicationId", .string(hub.id)), ("reason", .string("不办了"))])),
                             source: source))
    }

    static let bankAccountChange = JSONObject([("pension", .object(JSONObject([("bankAccount", .string("6222020000000000999"))])))])

    static func errors(_ hub: EngineHarness) -> [JSONObject] {
        (hub.lastStatuses.last?.objectValue?["errors"]?.arrayValue ?? []).compactMap(\.objectValue)
    }

    @Test func theSubmitterIsRecordedWithTheApplication() throws {
        let hub = Self.awaitingSupplement(from: "/channels/bank/icbc")
        #expect(hub.record?.submittedSource == "/channels/bank/icbc")
    }

    @Test func aChannelWithdrawingAnotherChannelsApplicationIsRefused() throws {
        var hub = Self.awaitingSupplement()
        let before = try #require(hub.record)
        Self.withdraw(&hub, from: "/channels/bank")
        #expect(hub.lastEvents == ["invalid"])
        #expect(hub.record?.outcome == nil)
        #expect(hub.lastCancels.isEmpty)
        let error = try #require(Self.errors(hub).first)
        #expect(error["code"]?.stringValue == "forbidden")
        #expect(error["message"]?.stringValue?.contains("/channels/bank did not submit this application") == true)
        #expect(hub.record?.matters == before.matters)
        #expect(hub.record?.errors == before.errors, "a refused outsider does not touch the application's own errors")
        #expect(hub.last.history.map(\.kind) == ["invalid"])

        // The window acts for the applicant: its withdrawal is carried out.
        Self.withdraw(&hub, from: Self.window)
        #expect(hub.record?.outcome == .withdrawn)
        #expect(hub.last.history.contains { $0.detail.contains("channel /channels/window for the applicant") })
    }

    @Test func theSubmitterMayWithdrawItsOwnApplication() throws {
        var hub = Self.awaitingSupplement()
        Self.withdraw(&hub, from: Self.online)
        #expect(hub.record?.outcome == .withdrawn)
        #expect(hub.lastEvents == ["withdrawn"])
    }

    @Test func aChannelSupplementingAnotherChannelsApplicationIsRefused() throws {
        var hub = Self.awaitingSupplement()
        Self.supplement(&hub, from: "/channels/employer", changes: SupplementTests.phoneChange)
        #expect(hub.lastEvents == ["invalid"])
        #expect(hub.state("M10") == .supplementRequired)
        #expect(hub.lastRequestIDs.isEmpty)
        #expect(Self.errors(hub).first?["field"]?.stringValue == "applicationId")
        #expect(hub.record?.document.objectValue?["applicant"]?.objectValue?["phone"]?.stringValue
                    != "13907719999")
        // The submitter's own supplement goes through.
        Self.supplement(&hub, from: Self.online, changes: SupplementTests.phoneChange)
        #expect(hub.lastEvents == ["supplement-accepted"])
        #expect(hub.state("M10") == .sent)
    }

    @Test func aSupplementChangingTheBankAccountIsRefusedExceptAtTheWindowWithAReason() throws {
        var hub = Self.awaitingSupplement()
        let account = hub.record?.document[path: "pension.bankAccount"]

        // The submitter may not redirect the pension, even with a reason.
        Self.supplement(&hub, from: Self.online, changes: Self.bankAccountChange, reason: "换卡")
        #expect(hub.lastEvents == ["invalid"])
        #expect(Self.errors(hub).map { $0["field"]?.stringValue } == ["pension.bankAccount"])
        #expect(Self.errors(hub).first?["code"]?.stringValue == "forbidden")
        #expect(hub.record?.document[path: "pension.bankAccount"] == account)
        #expect(hub.state("M10") == .supplementRequired)

        // Nor may it replace the whole block, nor slip it in beside an allowed change.
        var block = Self.bankAccountChange
        block["applicant"] = .object(JSONObject([("phone", .string("13907719999"))]))
        Self.supplement(&hub, from: Self.online, changes: block)
        #expect(hub.lastEvents == ["invalid"])
        #expect(hub.record?.document[path: "applicant.phone"] != .string("13907719999"))
        Self.supplement(&hub, from: Self.online, changes: JSONObject([("housingFund", .null)]))
        #expect(hub.lastEvents == ["invalid"])
        #expect(Self.errors(hub).contains { $0["field"]?.stringValue == "housingFund.bankAccount" })

        // The window without a reason: refused.
        Self.supplement(&hub, from: Self.window, changes: Self.bankAccountChange)
        #expect(hub.lastEvents == ["invalid"])
        #expect(Self.errors(hub).first?["message"]?.stringValue?.contains("needs a reason") == true)

        // The window with a reason: applied, and the reason is recorded.
        Self.supplement(&hub, from: Self.window, changes: Self.bankAccountChange, reason: "原账户已销户，本人持新卡到窗口办理")
        #expect(hub.lastEvents == ["supplement-accepted"])
        #expect(hub.record?.document[path: "pension.bankAccount"] == .string("6222020000000000999"))
        let recorded = try #require(hub.last.history.first { $0.kind == "protected-change" })
        #expect(recorded.detail.contains("pension.bankAccount"))
        #expect(recorded.detail.contains("/channels/window"))
        #expect(recorded.detail.contains("原账户已销户"))
    }

    @Test func eachChannelChangesOnlyTheFieldsListedForIt() throws {
        var hub = Self.awaitingSupplement(from: "/channels/employer")
        let housing = JSONObject([("housingFund", .object(JSONObject([("accountNo", .string("450100654321"))])))])
        Self.supplement(&hub, from: "/channels/employer", changes: housing)
        #expect(hub.lastEvents == ["invalid"])
        #expect(Self.errors(hub).first?["field"]?.stringValue == "housingFund.accountNo")
        #expect(Self.errors(hub).first?["message"]?.stringValue == "channel /channels/employer may not change housingFund.accountNo by a supplement")
        // Setting a field to the value it already has changes nothing, so it is no change at all.
        var same = SupplementTests.phoneChange
        same["pension"] = .object(JSONObject([("bankAccount", try #require(hub.record?.document[path: "pension.bankAccount"]))]))
        Self.supplement(&hub, from: "/channels/employer", changes: same)
        #expect(hub.lastEvents == ["supplement-accepted"])
    }

    @Test func anApplicationWithAnUnknownSubmitterIsOpenOnlyToChannelsActingForTheApplicant() throws {
        var hub = Self.awaitingSupplement()
        hub.record?.submittedSource = ""
        Self.supplement(&hub, from: Self.online, changes: SupplementTests.phoneChange)
        #expect(hub.lastEvents == ["invalid"])
        Self.supplement(&hub, from: Self.window, changes: SupplementTests.phoneChange)
        #expect(hub.lastEvents == ["supplement-accepted"])
    }

    @Test func immutableFieldsStayImmutableEvenAtTheWindow() throws {
        var hub = Self.awaitingSupplement()
        let immutable = JSONObject([("applicant", .object(JSONObject([("idNumber", .string("11010519491231002X"))])))])
        Self.supplement(&hub, from: Self.window, changes: immutable, reason: "更正")
        #expect(hub.lastEvents == ["supplement-invalid"])
        #expect(hub.record?.errors.contains { $0.code == "immutable" } == true)
    }
}
