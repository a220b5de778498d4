import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Promises: 好差评 evaluations and rectifications")
struct EvaluationTests {
    @Test func anEvaluationOfAnApplicationNotYetFinalIsRefusedWithItsReason() throws {
        var hub = EngineHarness()
        hub.submit()
        let result = hub.evaluate("满意")
        let verdict = try #require(result.deadLetter)
        #expect(verdict.code == "evaluation-refused")
        #expect(verdict.reason.contains("not final"))
        #expect(hub.lastMessages(on: hub.policy.evaluations.topic).isEmpty)
        #expect(hub.record?.promises.evaluations.isEmpty == true)
        #expect(hub.history.last?.kind == "evaluation-refused")

        // A matter not yet final is refused the same way; an unknown level too.
        hub.approve("M10")
        #expect(hub.evaluate("满意", matter: "M01").deadLetter?.reason.contains("M01 is not final") == true)
        #expect(hub.evaluate("满意", matter: "M10").deadLetter == nil)
        #expect(hub.evaluate("还行").deadLetter?.code == "evaluation-refused")
    }

    @Test func anEvaluationOfAnUnknownApplicationIsRefused() throws {
        var hub = EngineHarness()
        let verdict = try #require(hub.evaluate("满意").deadLetter)
        #expect(verdict.code == "evaluation-refused")
        #expect(hub.record == nil)
    }

    @Test func aFinalApplicationsEvaluationIsStoredForwardedAndReplacedPerChannel() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.approveAll()
        #expect(hub.record?.outcome == .completed)

        hub.evaluate("very-satisfied", comment: "一次办好")
        let forwarded = try #require(hub.lastBodies(on: "retirement.evaluations").first)
        #expect(forwarded["levelName"]?.stringValue == "非常满意")
        #expect(forwarded["score"]?.intValue == 5)
        #expect(forwarded["department"]?.stringValue == "hrss")
        #expect(forwarded["matter"]?.isNull == true)
        #expect(forwarded["replacesEarlier"]?.boolValue == false)
        #expect(hub.lastMessages(on: "retirement.evaluations").first?.key == hub.id)
        #expect(hub.last.recordChanged)

        // The same channel again replaces; another channel adds.
        hub.evaluate("满意")
        #expect(hub.lastBodies(on: "retirement.evaluations").first?["replacesEarlier"]?.boolValue == true)
        hub.evaluate("基本满意", channel: "/channels/window")
        hub.evaluate("非常满意", matter: "M08")
        let evaluations = try #require(hub.record?.promises.evaluations)
        #expect(evaluations.count == 3)
        #expect(evaluations.first { $0.channel == "/channels/online" && $0.matter == nil }?.level == "satisfied")
        #expect(evaluations.first { $0.matter == "M08" }?.department == "hpf")
        #expect(hub.record?.promises.rectifications.isEmpty == true)
    }

    @Test func aBadEvaluationOpensARectificationThatTheDepartmentCloses() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.approveAll()
        hub.evaluate("不满意", matter: "M08", comment: "到账太慢")
        let opened = try #require(hub.record?.promises.rectifications.first)
        #expect(opened.department == "hpf")
        #expect(opened.matter == "M08")
        // 5 working days of the calendar (promises.json), counted like a matter's limit.
        #expect(opened.deadline == hub.flow.deadline(of: .workingDays(5), from: hub.now))
        let event = try #require(hub.lastBodies(on: "retirement.supervision").first)
        #expect(event["event"]?.stringValue == "rectification-opened")
        #expect(hub.lastBodies(on: "retirement.evaluations").first?["rectificationId"]?.stringValue == opened.id)
        #expect(hub.record?.nextTimerAt != nil)   // the final application still has a timer: the rectification's

        // A second 差评 for the same target while it is open opens no second one.
        hub.evaluate("非常不满意", matter: "M08", channel: "/channels/mobile")
        #expect(hub.record?.promises.rectifications.count == 1)

        // Another department cannot close it; a closing message needs a note.
        #expect(hub.answer(.rectified, department: "hrss", fields: [("rectificationId", .string(opened.id)), ("note", .string("x"))])
            .deadLetter?.code == "wrong-department")
        #expect(hub.answer(.rectified, department: "hpf", fields: [("rectificationId", .string(opened.id))])
            .deadLetter?.code == "protocol-error")
        hub.answer(.rectified, department: "hpf", fields: [("rectificationId", .string(opened.id)), ("note", .string("已约谈经办人，次日到账"))])
        let closed = try #require(hub.record?.promises.rectifications.first)
        #expect(closed.closedAt == hub.now)
        #expect(closed.note == "已约谈经办人，次日到账")
        #expect(hub.lastBodies(on: "retirement.supervision").first?["event"]?.stringValue == "rectification-closed")
        #expect(hub.record?.nextTimerAt == nil)
    }

    @Test func anOverdueRectificationEscalatesWithCardsAndAnOverdueEvent() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.approveAll()
        hub.evaluate("非常不满意")
        let rectification = try #require(hub.record?.promises.rectifications.first)
        #expect(rectification.department == "hrss")
        // Yellow at 80 % of the 5 working days' span.
        let span = rectification.deadline.timeIntervalSince(rectification.openedAt)
        let yellowAt = try #require(hub.record?.nextTimerAt)
        #expect(yellowAt == rectification.openedAt.addingTimeInterval(0.8 * span))
        hub.now = yellowAt
        hub.tick()
        #expect(hub.record?.promises.cards.map(\.level) == ["yellow"])
        hub.now = rectification.deadline
        hub.tick()
        #expect(hub.lastBodies(on: "retirement.supervision").map { $0["event"]?.stringValue } == ["rectification-overdue"])
        hub.now = rectification.openedAt.addingTimeInterval(1.5 * span)
        hub.tick()
        #expect(hub.record?.promises.cards.map(\.level) == ["yellow", "red"])
        let red = try #require(hub.lastBodies(on: "retirement.supervision").first?["card"]?.objectValue)
        #expect(red["recipient"]?.objectValue?["role"]?.stringValue == "supervising-office")
        hub.answer(.rectified, department: "hrss", fields: [("rectificationId", .string(rectification.id)), ("note", .string("整改完成"))])
        #expect(hub.record?.promises.cards.allSatisfy { $0.closedAt != nil } == true)
        #expect(hub.lastBodies(on: "retirement.supervision").compactMap { $0["event"]?.stringValue }
            == ["rectification-closed", "card-closed", "card-closed"])
    }
}
