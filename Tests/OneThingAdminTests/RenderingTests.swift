import Foundation
import Testing
@testable import OneThingAdmin

@Suite struct RenderingTests {
    @Test func durationsReadLikeAPersonWouldSayThem() {
        #expect(DurationText.format(seconds: 2 * 86_400 + 3 * 3_600 + 59) == "2d 03h")
        #expect(DurationText.format(seconds: 45 * 60) == "45m")
        #expect(DurationText.format(seconds: 5 * 3_600 + 7 * 60) == "5h 07m")
        #expect(DurationText.format(seconds: 15 * 86_400) == "15d 00h")
        #expect(DurationText.format(seconds: 12) == "12s")
        #expect(DurationText.format(seconds: 1.5) == "1.5s")
        #expect(DurationText.format(seconds: 0.85) == "850ms")
        #expect(DurationText.format(seconds: 0.9996) == "1s")
        #expect(DurationText.format(seconds: -90) == "-1m")
        #expect(DurationText.format(seconds: .infinity) == "-")
    }

    @Test func percentilesAreNearestRank() throws {
        #expect(DurationSummary([]) == nil)
        let one = try #require(DurationSummary([4]))
        #expect([one.median, one.p90, one.max] == [4, 4, 4])
        let ten = try #require(DurationSummary((1...10).map(Double.init).reversed()))
        #expect(ten.count == 10)
        #expect(ten.median == 5)
        #expect(ten.p90 == 9)
        #expect(ten.max == 10)
        let three = try #require(DurationSummary([30, 10, 20]))
        #expect(three.median == 20)
        #expect(three.p90 == 30)
    }

    @Test func treeDrawsBranchesAndContinuations() {
        let tree = TreeNode("M10", children: [
            TreeNode("M01", children: [TreeNode("M05"), TreeNode("M08")]),
            TreeNode("M04", children: [TreeNode("M07")]),
        ])
        #expect(TreeText.lines([tree, TreeNode("X")]) == [
            "M10",
            "├── M01",
            "│   ├── M05",
            "│   └── M08",
            "└── M04",
            "    └── M07",
            "X",
        ])
    }

    @Test func datesInTheGivenZoneAndISO8601() throws {
        let shanghai = DateText(timeZone: try #require(TimeZone(identifier: "Asia/Shanghai")))
        let instant = Date(timeIntervalSince1970: 1_793_498_400)   // 2026-11-01T02:00:00Z
        #expect(shanghai.human(instant) == "2026-11-01 10:00:00")
        #expect(shanghai.iso(instant) == "2026-11-01T10:00:00+08:00")
        #expect(shanghai.iso(instant.addingTimeInterval(0.25)) == "2026-11-01T10:00:00.250+08:00")
        #expect(shanghai.human(nil) == "-")
        let utc = DateText(timeZone: try #require(TimeZone(identifier: "UTC")))
        #expect(utc.human(instant) == "2026-11-01 02:00:00")
        #expect(utc.iso(instant) == "2026-11-01T02:00:00Z")
    }
}
