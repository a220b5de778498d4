import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Promises: 督办 cards")
struct CardTests {
    @Test func aLateMatterGetsAYellowThenARedCardThatCloseWhenItIsFinal() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .received)
        // M10: 1 working day (to 24:00 the next day). Yellow at due-soon (80 % of that
        // span), to the police liaison.
        let span = EngineHarness.identitySpan
        hub.tick(at: 0.8 * span)
        let yellow = try #require(hub.record?.promises.cards.first)
        #expect(yellow.level == "yellow")
        #expect(yellow.department == "police")
        #expect(yellow.recipient == "liaison")
        let opened = try #require(hub.lastBodies(on: "retirement.supervision").first)
        #expect(opened["event"]?.stringValue == "card-opened")
        let card = try #require(opened["card"]?.objectValue)
        #expect(card["recipient"]?.objectValue?["name"]?.stringValue == "公安局户政科 李警官")
        #expect(card["matter"]?.stringValue == "M10")
        #expect(hub.lastMessages(on: "retirement.supervision").first?.key == hub.id)

        // The department acknowledges, then reports what it did.
        hub.answer(.cardAcknowledged, department: "police", fields: [("cardId", .string(yellow.id))])
        #expect(hub.record?.promises.cards.first?.acknowledgedAt == hub.now)
        hub.answer(.cardAcknowledged, department: "police", fields: [("cardId", .string(yellow.id))])
        #expect(hub.lastMessages(on: "retirement.supervision").isEmpty)   // a repeat changes nothing
        #expect(hub.answer(.cardAcknowledged, department: "hrss", fields: [("cardId", .string(yellow.id))])
            .deadLetter?.code == "wrong-department")
        #expect(hub.answer(.cardRectified, department: "police", fields: [("cardId", .string("nope"))])
            .deadLetter?.code == "orphan-reply")
        hub.answer(.cardRectified, department: "police", fields: [("cardId", .string(yellow.id)), ("note", .string("已安排专人核查"))])
        #expect(hub.record?.promises.cards.first?.note == "已安排专人核查")

        // Red at 150 % of the limit, to the supervising office.
        hub.tick(at: 0.7 * span)
        #expect(hub.record?.promises.cards.map(\.level) == ["yellow", "red"])
        #expect(hub.record?.promises.cards.last?.recipient == "supervising-office")

        hub.approve("M10")
        #expect(hub.record?.promises.cards.allSatisfy { $0.closedAt == hub.now } == true)
        #expect(hub.lastBodies(on: "retirement.supervision").compactMap { $0["event"]?.stringValue } == ["card-closed", "card-closed"])
    }

    @Test func aPausedMatterGetsNoCard() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .supplementRequired(reason: "请补充"))
        hub.tick(at: 2 * EngineHarness.identitySpan)
        #expect(hub.record?.promises.cards.isEmpty == true)
    }
}
