import Foundation
import Testing
import OneThingExchange
import OneThingStore
import OneThingTestSupport
@testable import OneThingAdmin

/// `hubctl stats`: the reform's figures (当日办结, within the commitment, average working
/// days against 15 and 55) overall and by month, quarter, region and channel, counted
/// with the catalogue's holiday calendar.
@Suite struct ReformStatsTests {
    /// China-time wall clock.
    static func at(_ date: String, _ hour: Int, _ minute: Int = 0) -> Date {
        // swiftlint:disable:next force_unwrapping
        WorkingCalendar.startOfDay(CivilDate(iso: date)!).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    /// Four applications around the 2026 Spring Festival and National Day:
    /// - R1 accepted Friday 02-13 10:00, final 03-12 15:00 (15 working days), 450103, online;
    /// - R2 accepted Friday 02-13 09:00, final the same day 16:00 (0), 450103, window;
    /// - R3 accepted Wednesday 09-30 10:00, final Friday 10-09 11:00 (2: 10-08, 10-09), 450102, online;
    /// - R4 accepted Monday 10-12, still open, no region or channel in its form.
    static func facts() -> [ApplicationFacts] {
        [
            ApplicationFacts(id: "R1", flow: "retirement", acceptedAt: at("2026-02-13", 10), deadline: at("2026-03-13", 0),
                             finishedAt: at("2026-03-12", 15), outcome: .completed, channel: "online", handlingRegion: "450103"),
            ApplicationFacts(id: "R2", flow: "retirement", acceptedAt: at("2026-02-13", 9), deadline: at("2026-03-13", 0),
                             finishedAt: at("2026-02-13", 16), outcome: .rejected, channel: "window", handlingRegion: "450103"),
            ApplicationFacts(id: "R3", flow: "retirement", acceptedAt: at("2026-09-30", 10), deadline: at("2026-10-29", 0),
                             finishedAt: at("2026-10-09", 11), outcome: .completed, channel: "online", handlingRegion: "450102"),
            ApplicationFacts(id: "R4", flow: "retirement", acceptedAt: at("2026-10-12", 9), deadline: at("2026-11-03", 0),
                             finishedAt: nil, outcome: nil, channel: nil, handlingRegion: nil),
        ]
    }

    static func record(_ facts: ApplicationFacts) -> ApplicationRecord {
        var document: [String: JSONValue] = ["applicationId": .string(facts.id)]
        if let channel = facts.channel { document["channel"] = .string(channel) }
        if let region = facts.handlingRegion { document["handlingRegion"] = .string(region) }
        let final = facts.finishedAt
        return ApplicationRecord(
            id: facts.id, flow: facts.flow, state: final == nil ? .inProgress : (facts.outcome == .rejected ? .rejected : .completed),
            document: .object(JSONObject(document.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
            contentDigest: "sha256:\(facts.id)", submittedEventID: "ev-\(facts.id)", acceptedAt: facts.acceptedAt,
            deadline: facts.deadline, outcome: facts.outcome,
            matters: [MatterRecord(code: "M10", department: "police", state: final == nil ? .sent : .approved, revision: 1,
                                   requestID: "\(facts.id):M10:r1", sentAt: facts.acceptedAt, lastSentAt: facts.acceptedAt,
                                   finalAt: final, deadline: facts.deadline)],
            lastEvent: final == nil ? "accepted" : "completed", updatedAt: final ?? facts.acceptedAt)
    }

    static func store() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        let store = try CorrelationStore(path: path)
        try store.write { writer in
            for item in facts() { try writer.save(record(item)) }
        }
        return (directory, path)
    }

    static func catalogueCalendar() throws -> WorkingCalendar {
        let topics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topics").path
        return try CatalogueSource(explicitPath: topics).load().get().calendar
    }

    @Test func storeReadsTheFactsWithRegionAndChannel() throws {
        let (directory, path) = try Self.store()
        _ = directory
        let read = try CorrelationStore(path: path).read { try $0.applicationFacts() }
        #expect(read == Self.facts().sorted { $0.acceptedAt < $1.acceptedAt })
    }

    @Test func figuresOverallCountWorkingDaysAcrossTheHolidays() throws {
        let (overall, groups) = ReformFigures.compute(Self.facts(), calendar: try Self.catalogueCalendar(), by: nil)
        #expect(groups.isEmpty)
        #expect(overall.accepted == 4 && overall.finished == 3)
        #expect(overall.sameDay == 1)
        #expect(overall.withinCommitment == 3)
        #expect(overall.workingDaysTotal == 15 + 0 + 2)
        #expect(overall.averageWorkingDays == 17.0 / 3)
    }

    @Test func figuresByPeriodRegionAndChannel() throws {
        let calendar = try Self.catalogueCalendar()
        func keys(_ grouping: StatsGrouping) -> [String: (Int, Int, Int)] {
            Dictionary(uniqueKeysWithValues: ReformFigures.compute(Self.facts(), calendar: calendar, by: grouping).groups
                .map { ($0.key ?? "", ($0.accepted, $0.finished, $0.sameDay)) })
        }
        let months = keys(.month)
        #expect(months.keys.sorted() == ["2026-02", "2026-09", "2026-10"])
        #expect(months["2026-02"]! == (2, 2, 1))
        let quarters = keys(.quarter)
        #expect(quarters.keys.sorted() == ["2026-Q1", "2026-Q3", "2026-Q4"])
        #expect(quarters["2026-Q4"]! == (1, 0, 0))
        let regions = keys(.region)
        #expect(regions.keys.sorted() == ["(none)", "450102", "450103"])
        #expect(regions["450103"]! == (2, 2, 1))
        let channels = keys(.channel)
        #expect(channels.keys.sorted() == ["(none)", "online", "window"])
        #expect(channels["online"]! == (2, 2, 0))
    }

    @Test func hubctlStatsShowsTheReformFiguresAgainstTheCommitmentAndTheOldLimit() throws {
        let (directory, path) = try Self.store()
        _ = directory
        let text = try Hubctl.run(["--store", path, "stats"]).standardOutput
        #expect(text.contains("commitment 15 个工作日 (15 working days); before the reform 55 个工作日 (55 working days)"))
        #expect(section("The reform's figures", in: text) == [
            "  ACCEPTED  FINISHED   SAME DAY  WITHIN  AVG WD  OF COMMITMENT  OF BEFORE",
            "         4         3  1 (33.3%)       3     5.7          37.8%      10.3%",
        ])
        #expect(section("Matters (official names)", in: text) == ["  M10  户籍信息确认"])
    }

    @Test func hubctlStatsByQuarterAndRegion() throws {
        let (directory, path) = try Self.store()
        _ = directory
        let quarters = try Hubctl.run(["--store", path, "stats", "--by", "quarter"]).standardOutput
        #expect(section("The reform's figures", in: quarters) == [
            "  QUARTER  ACCEPTED  FINISHED   SAME DAY  WITHIN  AVG WD  OF COMMITMENT  OF BEFORE",
            "  2026-Q1         2         2  1 (50.0%)       2     7.5          50.0%      13.6%",
            "  2026-Q3         1         1   0 (0.0%)       1     2.0          13.3%       3.6%",
            "  2026-Q4         1         0          0       0       -              -          -",
            "  (all)           4         3  1 (33.3%)       3     5.7          37.8%      10.3%",
        ])
        let regions = try Hubctl.run(["--store", path, "stats", "--by=region"]).standardOutput
        #expect(section("The reform's figures", in: regions).first?.hasPrefix("  REGION ") == true)
        #expect(section("The reform's figures", in: regions).contains { $0.hasPrefix("  450102 ") })
        let refused = try Hubctl.run(["--store", path, "stats", "--by", "week"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("--by must be one of month, quarter, region, channel"))
    }

    @Test func hubctlStatsJSONByChannel() throws {
        let (directory, path) = try Self.store()
        _ = directory
        let json = try Hubctl.run(["--store", path, "stats", "--by", "channel", "--json"]).json()
        let reform = try #require(json.object("reform"))
        #expect(reform.object("commitment")?.string("limit") == "15wd")
        #expect(reform.object("commitment")?.int("workingDays") == 15)
        #expect(reform.object("beforeReform")?.int("workingDays") == 55)
        #expect(reform.string("by") == "channel")
        #expect(reform.object("overall")?.int("finishedSameDay") == 1)
        #expect(reform.object("overall")?.double("averageWorkingDays") == 17.0 / 3)
        let groups = reform.array("groups")
        #expect(groups.map { $0.string("key") ?? "" } == ["(none)", "online", "window"])
        #expect(groups[1].int("withinCommitment") == 2)
        #expect(groups[1].double("averageWorkingDays") == 8.5)
        let matter = try #require(json.array("matters").first)
        #expect(matter.string("officialName") == "户籍信息确认")
        #expect(matter.string("title") == "户籍信息确认 hukou confirmation")
    }
}
