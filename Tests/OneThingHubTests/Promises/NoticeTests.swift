import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Promises: 一次告知 notices to the applicant")
struct NoticeTests {
    @Test func acceptanceAndTheEndAreToldToThePhoneOfTheForm() throws {
        var hub = EngineHarness()
        hub.submit()
        let accepted = try #require(hub.lastBodies(on: "retirement.notifications").first)
        #expect(accepted["kind"]?.stringValue == "accepted")
        #expect(accepted["phone"]?.stringValue == "13907710000")
        let text = try #require(accepted["text"]?.stringValue)
        #expect(text.contains("韦明您好"))
        #expect(text.contains(hub.id))
        #expect(text.contains("共8个事项"))
        #expect(!text.contains("{"))
        hub.approveAll()
        let final = try #require(hub.lastBodies(on: "retirement.notifications").first)
        #expect(final["kind"]?.stringValue == "completed")
        #expect(hub.record?.promises.notices.map(\.kind) == ["accepted", "completed"])
    }

    /// Three departments ask for supplements (hrss M05, hpf M08, health M09) while
    /// medicare is still deciding M07 and then M06: the applicant gets one notice listing
    /// all three, once nothing else is being decided and the gathering window has passed.
    @Test func threeSupplementRequestsBecomeOneNotice() throws {
        var hub = EngineHarness()
        hub.submit()
        for matter in ["M10", "M04", "M01"] { hub.approve(matter) }
        hub.reply("M05", .supplementRequired(reason: "请补充视同缴费年限证明"))
        #expect(hub.lastMessages(on: "retirement.notifications").isEmpty)
        hub.advance(seconds: 300)
        hub.reply("M08", .supplementRequired(reason: "请补充公积金账户银行卡"))
        hub.advance(seconds: 300)
        hub.reply("M09", .supplementRequired(reason: "请补充独生子女父母光荣证"))
        // Past the window, but medicare is still deciding: the hub keeps gathering.
        hub.tick(at: 3600)
        #expect(hub.lastMessages(on: "retirement.notifications").isEmpty)
        hub.approve("M07")
        #expect(hub.state("M06") == .sent)
        #expect(hub.lastMessages(on: "retirement.notifications").isEmpty)
        hub.advance(seconds: 600)
        hub.approve("M06")
        let notices = hub.allBodies(on: "retirement.notifications").filter { $0["kind"]?.stringValue == "supplement" }
        #expect(notices.count == 1)
        let notice = try #require(notices.first)
        #expect(notice["items"]?.arrayValue?.compactMap { $0.objectValue?["matter"]?.stringValue } == ["M05", "M08", "M09"])
        let text = try #require(notice["text"]?.stringValue)
        #expect(text.contains("以下3项"))
        #expect(text.contains("请补充视同缴费年限证明") && text.contains("请补充公积金账户银行卡") && text.contains("请补充独生子女父母光荣证"))
        #expect(hub.record?.promises.notices.last?.covers == ["M05:r1", "M08:r1", "M09:r1"])

        // Nothing more for the same requests; a new request after a supplement is a new notice.
        hub.tick(at: 86_400)
        #expect(hub.lastMessages(on: "retirement.notifications").isEmpty)
    }

    @Test func aLoneSupplementRequestIsToldAfterTheWindow() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .supplementRequired(reason: "请补充户口簿首页"))
        let due = try #require(hub.record?.nextTimerAt)
        #expect(due == hub.now.addingTimeInterval(1800))
        hub.now = due
        hub.tick()
        let notice = try #require(hub.lastBodies(on: "retirement.notifications").first)
        #expect(notice["kind"]?.stringValue == "supplement")
        #expect(hub.record?.nextTimerAt == nil)   // the application's clock is paused, the notice sent
    }

    @Test func gatheringWhileOthersDecideEndsAtTheLongestWait() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.approve("M10")
        hub.reply("M01", .supplementRequired(reason: "请补充档案"))
        // M04 is still with hrss: the notice waits, at most a day.
        hub.tick(at: 3600)
        #expect(hub.lastMessages(on: "retirement.notifications").isEmpty)
        hub.tick(at: 86_400 - 3600)
        #expect(hub.lastBodies(on: "retirement.notifications").first?["kind"]?.stringValue == "supplement")
    }
}
