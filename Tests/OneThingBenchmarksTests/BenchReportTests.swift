import Foundation
import Testing
@testable import OneThingBenchmarks

@Suite("Report rendering")
struct BenchReportTests {
    private var report: BenchReport {
        var report = BenchReport()
        report.add("hub.applicationsPerSecond", "hub: applications completed/s", "1179", number: 1179.4, target: ">= 1000",
                   met: true, headline: true)
        report.add("hub.shareOfLimit", "hub / limit", "4.9 %", number: 4.9, target: ">= 30 %", met: false, headline: true)
        report.add("hop.maxMilliseconds", "hop: max (ms)", "26.0", number: 26)
        report.add("odd", "a | pipe", "n/a", number: .nan, target: "x|y")
        report.notes = ["mock cluster in process."]
        return report
    }

    private var context: BenchContext {
        var options = BenchOptions()
        options.applications = 1000
        return BenchContext(finishedAt: Date(timeIntervalSince1970: 1_700_000_000), options: options, cores: 2, host: "Linux",
                            processor: "EPYC", load: "1.50 / 2.00")
    }

    @Test func theTextTableAlignsItsColumnsAndMarksTargets() {
        let lines = report.renderText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("figure"))
        #expect(lines[0].hasSuffix("ok"))
        #expect(lines[1].allSatisfy { $0 == "-" })
        #expect(lines[2].hasSuffix("✓"))
        #expect(lines[3].hasSuffix("✗"))
        // Every value starts in the same column.
        let column = lines[0].range(of: "measured").map { lines[0].distance(from: lines[0].startIndex, to: $0.lowerBound) }
        for line in lines[2...5] {
            let figureEnd = line.index(line.startIndex, offsetBy: column ?? 0)
            #expect(line[..<figureEnd].hasSuffix("  "), "\(line)")
        }
        #expect(lines.last == "mock cluster in process.")
    }

    @Test func theHeadlineHoldsOnlyHeadlineRowsUnderTheRunsCaption() {
        let headline = report.renderHeadline(context: context)
        #expect(headline.hasPrefix("`onething-bench --applications 1000`, 3 partitions per topic"))
        #expect(headline.contains("2 cores (EPYC)"))
        #expect(headline.contains("2023-11-14T22:13:20Z"))
        #expect(headline.contains("load 1.50 / 2.00 (1 and 5 min)"))
        #expect(headline.contains("| hub: applications completed/s | 1179 | >= 1000 | ✓ |"))
        #expect(headline.contains("| hub / limit | 4.9 % | >= 30 % | ✗ |"))
        #expect(!headline.contains("hop: max"))
    }

    @Test func markdownEscapesPipesAndListsTheNotes() {
        let markdown = report.renderMarkdown(context: context)
        #expect(markdown.contains("| a \\| pipe | n/a | x\\|y |  |"))
        #expect(markdown.contains("- mock cluster in process."))
        #expect(markdown.contains("hop: max (ms)"))
    }

    @Test func jsonCarriesEveryRowAndNamesTheMissedTargets() throws {
        let json = try BenchResults(report: report, context: context).json()
        let decoded = try JSONDecoder().decode(BenchResults.self, from: Data(json.utf8))
        #expect(decoded.tool == "onething-bench")
        #expect(decoded.rows.map(\.key) == ["hub.applicationsPerSecond", "hub.shareOfLimit", "hop.maxMilliseconds", "odd"])
        #expect(decoded.rows[0].number == 1179.4)
        #expect(decoded.rows[3].number == nil)   // not a number is no number
        #expect(decoded.missedTargets == ["hub.shareOfLimit"])
        #expect(decoded.context.cores == 2)
    }
}
