import Foundation
import OneThingExchange
import OneThingStore
import Testing
import OneThingTestSupport
@testable import OneThingAdmin

/// `hubctl cards`, `hubctl rectifications` and the satisfaction rows of `hubctl stats`,
/// over the fixture's completed application with promises written into it.
@Suite struct PromiseCommandsTests {
    static func fixture() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        try store.write { writer in
            guard var done = try writer.application(id: "GX-DONE-2") else { throw TestFailure("no GX-DONE-2") }
            let previous = done
            let at = StoreFixture.fixedStart + 86_400
            done.promises = PromiseRecords(
                evaluations: [
                    EvaluationRecord(channel: "/channels/online", matter: nil, department: "hrss", level: "satisfied",
                                     score: 4, comment: nil, at: at, eventID: "e1"),
                    EvaluationRecord(channel: "/channels/window", matter: "M08", department: "hpf", level: "dissatisfied",
                                     score: 2, comment: "到账慢", at: at, eventID: "e2"),
                ],
                rectifications: [
                    RectificationRecord(id: "GX-DONE-2:rect:1", department: "hpf", matter: "M08", channel: "/channels/window",
                                        level: "dissatisfied", comment: "到账慢", openedAt: at, deadline: at + 5 * 86_400),
                ],
                cards: [
                    CardRecord(id: "GX-DONE-2:card:1", subject: "M08", department: "hpf", level: "yellow", recipient: "liaison",
                               openedAt: at, acknowledgedAt: at + 60),
                    CardRecord(id: "GX-DONE-2:card:2", subject: "M05", department: "hrss", level: "red",
                               recipient: "supervising-office", openedAt: at, closedAt: at + 3600),
                ])
            try writer.save(done, previous: previous)
        }
        return fixture
    }

    @Test func cardsListsOpenCardsPerDepartmentAndLevel() throws {
        let fixture = try Self.fixture()
        let result = try fixture.hubctl("cards", "--json")
        #expect(result.status == 0)
        let json = try result.json()
        #expect(json["count"] as? Int == 1)
        let card = try #require(json.array("cards").first)
        #expect(card.string("department") == "hpf" && card.string("level") == "yellow" && card.string("stage") == "acknowledged")
        #expect(json.array("byDepartment").first?["open"] as? Int == 1)
        #expect(try fixture.hubctl("cards", "--level", "red").standardOutput == "No open cards.\n")
        #expect(try fixture.hubctl("cards").standardOutput.contains("GX-DONE-2"))
    }

    @Test func rectificationsListsTheOpenOnes() throws {
        let fixture = try Self.fixture()
        let json = try fixture.hubctl("rectifications", "--json").json()
        #expect(json["count"] as? Int == 1)
        #expect(json.array("rectifications").first?.string("department") == "hpf")
        #expect(try fixture.hubctl("rectifications", "--department", "police").standardOutput.hasPrefix("No open rectifications"))
    }

    @Test func statsShowSatisfactionPerDepartmentAndMatter() throws {
        let fixture = try Self.fixture()
        let json = try fixture.hubctl("stats", "--json", "--catalogue", checkoutCatalogue).json()
        let rows = json.array("satisfaction")
        let hpf = try #require(rows.first { $0.string("department") == "hpf" && $0.string("target") == "M08" })
        #expect(hpf["count"] as? Int == 1)
        #expect(hpf["bad"] as? Int == 1)
        #expect(hpf["averageScore"] as? Double == 2)
        let text = try fixture.hubctl("stats", "--catalogue", checkoutCatalogue).standardOutput
        #expect(text.contains("Satisfaction (好差评"))
        #expect(text.contains("非常满意"))
    }
}
