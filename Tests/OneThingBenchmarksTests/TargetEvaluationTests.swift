import Testing
@testable import OneThingBenchmarks

@Suite("Targets and exit status")
struct TargetEvaluationTests {
    @Test func rowsWithoutTargetsOrWithTargetsMetExitZeroSilently() {
        var report = BenchReport()
        report.add("a", "a figure", "1")
        report.add("b", "b figure", "2", target: "<= 5", met: true)
        var complaints: [String] = []
        #expect(BenchExitStatus.of(report, complain: { complaints.append($0) }) == 0)
        #expect(complaints.isEmpty)
    }

    @Test func aMissedTargetExitsOneAndNamesEveryMissedRow() {
        var report = BenchReport()
        report.add("hub.shareOfLimit", "hub / limit", "4.9 %", target: ">= 30 %", met: false)
        report.add("b", "b figure", "2", target: "<= 5", met: true)
        report.add("hop.p99Milliseconds", "hop: p99 (ms)", "23.0", target: "<= 20", met: false)
        var complaints: [String] = []
        #expect(BenchExitStatus.of(report, complain: { complaints.append($0) }) == 1)
        #expect(complaints == ["onething-bench: 2 targets missed: hub / limit = 4.9 % (target >= 30 %); "
                               + "hop: p99 (ms) = 23.0 (target <= 20)"])
        #expect(report.missedTargets.map(\.key) == ["hub.shareOfLimit", "hop.p99Milliseconds"])
    }

    @Test func theStatusesAreDistinct() {
        let statuses = [BenchExitStatus.success, BenchExitStatus.targetMissed, BenchExitStatus.usage, BenchExitStatus.couldNotRun]
        #expect(statuses == [0, 1, 2, 3])
    }
}
