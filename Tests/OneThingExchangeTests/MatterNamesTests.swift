import Testing
@testable import OneThingExchange

/// Each matter keeps its full official name (for reports to other systems) beside the
/// short display title.
@Suite struct MatterNamesTests {
    @Test func retirementMattersCarryTheirOfficialNames() throws {
        let flow = try #require(Fixtures.retirement)
        let reward = try #require(flow.matter("M09"))
        #expect(reward.officialName == "非财政拨款企事业单位实行计划生育人员退休后依法享受增加待遇奖励金")
        #expect(reward.title == "计划生育退休奖励金 family-planning reward")
        for matter in flow.matters {
            // Official names are the Chinese names alone; titles add an English gloss.
            #expect(!matter.officialName.isEmpty && !matter.officialName.contains { $0.isASCII && $0.isLetter },
                    "\(matter.code): \(matter.officialName)")
            #expect(matter.officialName != matter.title, "\(matter.code)")
        }
    }

    @Test func aMatterWithoutAnOfficialNameIsReportedByItsTitle() throws {
        let catalogue = try Catalogue.load(files: Fixtures.files(under: Fixtures.fixtures.appendingPathComponent("flows")))
        let flow = try #require(catalogue.flow(named: "newborn"))
        for matter in flow.matters { #expect(matter.officialName == matter.title) }
    }

    @Test func anEmptyOfficialNameFallsBackToTheTitle() {
        let matter = MatterDefinition(code: "X1", department: "d", title: "短名 short", officialName: "", group: nil,
                                      timeLimit: .workingDays(1), requires: [], after: [], outputs: [], publicOutputs: [])
        #expect(matter.officialName == "短名 short")
    }
}
