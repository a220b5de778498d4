import Foundation
import Testing
@testable import OneThingAdmin

@Suite struct OverdueAndStatsTests {
    @Test func overdueGroupsByDepartmentForSupervision() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("overdue")
        #expect(result.status == 0)
        let text = result.standardOutput
        let hrss = section("hrss: 0 overdue, 1 due soon", in: text)
        #expect(hrss.first == "  APPLICATION  MATTER  STATE  SENT                 DEADLINE             USED  WHEN       STATUS")
        #expect(hrss.count == 2)
        #expect(hrss.last?.hasPrefix("  GX-OPEN-1    M01     sent   ") == true)
        #expect(hrss.last?.contains("  97%  in 3h 59m  due soon") == true || hrss.last?.contains("  97%  in 4h 00m  due soon") == true)
        let medicare = section("medicare: 1 overdue, 0 due soon", in: text)
        #expect(medicare.count == 2)
        #expect(medicare.last?.contains("103%  overdue by 2h 00m  OVERDUE") == true)
        #expect(!text.contains("GX-SUPP-5"), "a paused matter at 39 % of its limit is neither")
        #expect(!text.contains("police"))
    }

    @Test func overdueFiltersByDepartmentAndAnswersJSON() throws {
        let fixture = try StoreFixture()
        let json = try fixture.hubctl("overdue", "--department", "medicare", "--json").json()
        #expect(json.double("dueSoonFraction") == 0.8)
        #expect(json.string("department") == "medicare")
        let departments = json.array("departments")
        #expect(departments.map { $0.string("department") ?? "" } == ["medicare"])
        let matter = try #require(departments.first?.array("matters").first)
        #expect(matter.string("applicationId") == "GX-OPEN-1")
        #expect(matter.string("matter") == "M07")
        #expect(matter.bool("overdue") == true)
        #expect(matter.bool("dueSoon") == false)
        #expect(matter.double("limitSeconds") == 3 * day)
        #expect((matter.double("usedFraction") ?? 0) > 1.02)
        let none = try fixture.hubctl("overdue", "--department", "health")
        #expect(none.status == 0)
        #expect(none.standardOutput == "No open matter is overdue or due soon in department health.\n")
    }

    @Test func statsPerDepartmentAndMatterAndEndToEnd() throws {
        let fixture = try StoreFixture()
        let text = try fixture.hubctl("stats").standardOutput
        let matters = section("Matters (time from sent to result)", in: text)
        #expect(matters == [
            "  DEPARTMENT  MATTER  COUNT  APPROVED  REJECTED  CANCELLED  OPEN  APPROVAL   MEDIAN      P90      MAX  OVERDUE",
            "  hpf         M08         2         1         0          0     1    100.0%  12h 00m  12h 00m  12h 00m        0",
            "  hrss        M01         4         1         0          1     2    100.0%   2d 00h   2d 00h   2d 00h        0",
            "  hrss        M04         1         1         0          0     0    100.0%   1d 18h   1d 18h   1d 18h        0",
            "  hrss        M05         3         1         0          1     1    100.0%   1d 00h   1d 00h   1d 00h        0",
            "  hrss        (all)       8         3         0          2     3    100.0%   1d 18h   2d 00h   2d 00h        0",
            "  medicare    M06         2         1         0          0     1    100.0%  12h 00m  12h 00m  12h 00m        0",
            "  medicare    M07         1         0         0          0     1         -        -        -        -        1",
            "  medicare    (all)       3         1         0          0     2    100.0%  12h 00m  12h 00m  12h 00m        1",
            "  police      M10         4         3         1          0     0     75.0%   3h 00m   2d 00h   2d 00h        1",
        ])
        #expect(section("End to end", in: text) == [
            "  ACCEPTED  FINISHED  WITHIN  BEYOND  OPEN  OPEN LATE  MEDIAN     P90     MAX",
            "         4         2       2       0     2          0  2d 00h  3d 03h  3d 03h",
        ])
        #expect(text.contains("commitment 15d 00h"))
    }

    @Test func statsJSON() throws {
        let fixture = try StoreFixture()
        let json = try fixture.hubctl("stats", "--json").json()
        let police = try #require(json.array("matters").first { $0.string("matter") == "M10" })
        #expect(police.int("count") == 4)
        #expect(police.double("approvalRate") == 0.75)
        #expect(police.int("overdue") == 1)
        #expect(police.object("elapsed")?.double("medianSeconds") == 3 * hour)
        #expect(police.object("elapsed")?.double("p90Seconds") == 2 * day)
        let medicareM07 = try #require(json.array("matters").first { $0.string("matter") == "M07" })
        #expect(medicareM07.isNull("approvalRate"))
        #expect(medicareM07.isNull("elapsed"))
        let departments = json.array("departments")
        #expect(departments.map { $0.string("department") ?? "" } == ["hpf", "hrss", "medicare", "police"])
        #expect(departments[1].int("count") == 8)
        #expect(departments[1]["matter"] == nil)
        let endToEnd = try #require(json.object("endToEnd"))
        #expect(endToEnd.int("accepted") == 4)
        #expect(endToEnd.int("finished") == 2)
        #expect(endToEnd.int("withinDeadline") == 2)
        #expect(endToEnd.int("beyondDeadline") == 0)
        #expect(endToEnd.int("open") == 2)
        #expect(endToEnd.object("elapsed")?.double("maxSeconds") == 3 * day + 3 * hour)
        #expect(endToEnd.double("commitmentSeconds") == 15 * day)
    }

    @Test func deadLettersNewestFirstWithoutTheirContent() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("deadletters")
        #expect(result.status == 0)
        #expect(result.standardOutput == """
            ID  TIME                 CODE              ORIGIN                         KEY      REASON
             3  2026-11-01 12:00:00  wrong-department  retirement.replies.hrss/2/102  GX-DL-2  Reason number 3.
             2  2026-11-01 11:00:00  orphan-reply      retirement.replies.hrss/1/101  GX-DL-1  Reason number 2.
             1  2026-11-01 10:00:00  malformed         retirement.replies.hrss/0/100  GX-DL-0  Reason number 1.

            3 of 3 dead letters

            """)
        let json = try fixture.hubctl("deadletters", "--limit", "1", "--json").json()
        #expect(json.int("total") == 3)
        let letter = try #require(json.array("deadLetters").first)
        #expect(json.array("deadLetters").count == 1)
        #expect(letter.int("id") == 3)
        #expect(letter.string("at") == "2026-11-01T12:00:00+08:00")
        #expect(letter.string("code") == "wrong-department")
        #expect(letter.string("topic") == "retirement.replies.hrss")
        #expect(letter.int("partition") == 2)
        #expect(letter.int("offset") == 102)
        #expect(letter.int("valueBytes") == 31)
        #expect(!(try fixture.hubctl("deadletters", "--json").standardOutput.contains("196001011798")),
                "dead letter values may hold personal data and are never printed")
    }
}
