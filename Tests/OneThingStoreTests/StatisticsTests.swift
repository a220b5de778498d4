import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct StatisticsTests {
    /// A matter of `department` sent at `sent` with a 100 s limit, final `finalAfter` later.
    private static func matter(_ code: String, _ department: String, _ state: MatterState, sent: Double,
                               finalAfter: Double = 0, supplementSince: Double? = nil) -> MatterRecord {
        var matter = sampleMatter(code, department: department, state: state)
        matter.sentAt = instant(sent)
        matter.deadline = instant(sent + 100)
        matter.supplementSince = supplementSince.map(instant)
        if state.isFinal { matter.finalAt = instant(sent + finalAfter) }
        return matter
    }

    private static func application(_ id: String, accepted: Double, deadline: Double, outcome: Outcome? = nil,
                                    _ matters: [MatterRecord]) -> ApplicationRecord {
        var record = sampleRecord(id: id)
        record.acceptedAt = instant(accepted)
        record.deadline = instant(deadline)
        record.outcome = outcome
        record.state = outcome?.applicationState ?? .inProgress
        record.matters = matters
        return record
    }

    /// Figures worked out by hand for five applications, at now = 400.
    @Test func statisticsMatchHandComputedFigures() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.write { writer throws in
            // Finished at 20 (25 s after acceptance), within its deadline.
            try writer.save(Self.application("A1", accepted: -5, deadline: 1000, outcome: .completed, [
                Self.matter("M10", "hrss", .approved, sent: 0, finalAfter: 10),
                Self.matter("M01", "hrss", .approved, sent: 0, finalAfter: 20),
            ]))
            // M01 rejected 150 s after sending: past its 100 s limit. Finished at 250 (155 s).
            try writer.save(Self.application("A2", accepted: 95, deadline: 1100, outcome: .partiallyCompleted, [
                Self.matter("M10", "hrss", .approved, sent: 100, finalAfter: 30),
                Self.matter("M01", "hrss", .rejected, sent: 100, finalAfter: 150),
            ]))
            // M01 still open at 400, deadline 300: overdue. Application open, deadline 1200.
            try writer.save(Self.application("A3", accepted: 195, deadline: 1200, [
                Self.matter("M10", "hrss", .cancelled, sent: 200, finalAfter: 5),
                Self.matter("M01", "hrss", .sent, sent: 200),
            ]))
            // Finished at 340 (45 s), beyond its committed 15 s.
            try writer.save(Self.application("A4", accepted: 295, deadline: 310, outcome: .completed, [
                Self.matter("M07", "civil", .approved, sent: 300, finalAfter: 40),
            ]))
            // Paused for a supplement at 50, before its deadline 100: not overdue. The
            // application is open and past its deadline 350.
            try writer.save(Self.application("A5", accepted: -5, deadline: 350, [
                Self.matter("M08", "tax", .supplementRequired, sent: 0, supplementSince: 50),
            ]))
        }
        let (matters, departments) = try store.read { try $0.matterStatistics(now: instant(400)) }
        func figures(_ count: Int, _ median: Double, _ p90: Double, _ max: Double) -> DurationFigures {
            DurationFigures(count: count, median: median, p90: p90, max: max)
        }
        #expect(matters == [
            MatterStatistics(department: "civil", matter: "M07", count: 1, approved: 1, rejected: 0, cancelled: 0,
                             open: 0, overdue: 0, elapsed: figures(1, 40, 40, 40)),
            MatterStatistics(department: "hrss", matter: "M01", count: 3, approved: 1, rejected: 1, cancelled: 0,
                             open: 1, overdue: 2, elapsed: figures(2, 20, 150, 150)),
            MatterStatistics(department: "hrss", matter: "M10", count: 3, approved: 2, rejected: 0, cancelled: 1,
                             open: 0, overdue: 0, elapsed: figures(2, 10, 30, 30)),
            MatterStatistics(department: "tax", matter: "M08", count: 1, approved: 0, rejected: 0, cancelled: 0,
                             open: 1, overdue: 0, elapsed: nil),
        ])
        #expect(departments == [
            MatterStatistics(department: "civil", matter: nil, count: 1, approved: 1, rejected: 0, cancelled: 0,
                             open: 0, overdue: 0, elapsed: figures(1, 40, 40, 40)),
            // Times 10, 20, 30, 150: median rank ceil(2) = 20, p90 rank ceil(3.6) = 150.
            MatterStatistics(department: "hrss", matter: nil, count: 6, approved: 3, rejected: 1, cancelled: 1,
                             open: 1, overdue: 2, elapsed: figures(4, 20, 150, 150)),
            MatterStatistics(department: "tax", matter: nil, count: 1, approved: 0, rejected: 0, cancelled: 0,
                             open: 1, overdue: 0, elapsed: nil),
        ])

        let endToEnd = try store.read { try $0.endToEndStatistics(now: instant(400)) }
        // Elapsed 25, 45, 155; commitments 15, 355, 1005 (three times).
        #expect(endToEnd == EndToEndStatistics(accepted: 5, finished: 3, withinDeadline: 2, beyondDeadline: 1, open: 2,
                                               openPastDeadline: 1, elapsed: figures(3, 45, 155, 155),
                                               commitment: figures(5, 1005, 1005, 1005)))
    }

    @Test func emptyStoreHasNoFigures() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let (matters, departments) = try store.read { try $0.matterStatistics(now: instant(0)) }
        #expect(matters.isEmpty)
        #expect(departments.isEmpty)
        #expect(try store.read { try $0.endToEndStatistics(now: instant(0)) } ==
                EndToEndStatistics(accepted: 0, finished: 0, withinDeadline: 0, beyondDeadline: 0, open: 0,
                                   openPastDeadline: 0, elapsed: nil, commitment: nil))
    }

    /// The statistics equal, to the last bit, figures derived from every raw row the way
    /// `hubctl stats` derived them before it asked the store for them (its output must
    /// not change), on a store with odd milliseconds, every matter state and a `now`
    /// between milliseconds.
    @Test func statisticsEqualFiguresDerivedFromRawRows() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        var random = SplitMix(seed: 7)
        try store.write { writer throws in
            for index in 0..<400 { try writer.save(StatisticsFixture.randomApplication("R\(index)", &random)) }
        }
        let now = Date(timeIntervalSince1970: 1_800_500_000.0004)
        let (matters, departments) = try store.read { try $0.matterStatistics(now: now) }
        let endToEnd = try store.read { try $0.endToEndStatistics(now: now) }
        let raw = try store.read { try $0.matterFigures(now: now) }
        let applications = try store.read { try $0.applicationFigures() }

        #expect(matters == raw.map { StatisticsFixture.expected([$0], department: $0.department, matter: $0.matter) })
        let byDepartment = Dictionary(grouping: raw, by: \.department).sorted { $0.key < $1.key }
        #expect(departments == byDepartment.map { StatisticsFixture.expected($0.value, department: $0.key, matter: nil) })
        #expect(endToEnd == StatisticsFixture.expected(applications, now: now))
        #expect(endToEnd.finished > 0 && endToEnd.open > 0 && endToEnd.openPastDeadline > 0)
        #expect(matters.contains { $0.overdue > 0 && $0.cancelled > 0 })
    }
}

/// Random applications and the reference figures computed from raw rows.
enum StatisticsFixture {
    static let departments = ["hrss", "hrss", "hrss", "medicare", "medicare", "civil", "civil", "tax", "tax", "bank"]

    /// Ten matters in random states with odd millisecond instants.
    static func randomApplication(_ id: String, _ random: inout SplitMix) -> ApplicationRecord {
        var record = sampleRecord(id: id)
        let accepted = random.milliseconds(upTo: 1_000_000)
        record.acceptedAt = instant(accepted)
        record.deadline = random.next(upTo: 10) == 0 ? nil : instant(accepted + random.milliseconds(upTo: 1_000))
        record.matters = departments.enumerated().map { index, department in
            let state = MatterState.allCases[random.next(upTo: MatterState.allCases.count)]
            var matter = sampleMatter(String(format: "M%02d", index + 1), department: department, state: state)
            if state != .waiting {
                let sent = accepted + random.milliseconds(upTo: 100)
                matter.sentAt = instant(sent)
                matter.deadline = instant(sent + random.milliseconds(upTo: 300))
                if state.isFinal { matter.finalAt = instant(sent + random.milliseconds(upTo: 600)) }
                if state == .supplementRequired { matter.supplementSince = instant(sent + random.milliseconds(upTo: 400)) }
            }
            return matter
        }
        if record.matters.allSatisfy(\.state.isFinal) || random.next(upTo: 4) == 0 {
            record.outcome = .completed
            record.state = .completed
        }
        record.updatedAt = instant(accepted + random.milliseconds(upTo: 700))
        return record
    }

    static func expected(_ figures: [MatterFigures], department: String, matter: String?) -> MatterStatistics {
        MatterStatistics(department: department, matter: matter, count: figures.map(\.count).reduce(0, +),
                         approved: figures.map(\.approved).reduce(0, +), rejected: figures.map(\.rejected).reduce(0, +),
                         cancelled: figures.map(\.cancelled).reduce(0, +), open: figures.map(\.open).reduce(0, +),
                         overdue: figures.map(\.overdue).reduce(0, +),
                         elapsed: nearestRank(figures.flatMap(\.elapsedSeconds)))
    }

    static func expected(_ figures: [ApplicationFigures], now: Date) -> EndToEndStatistics {
        let done = figures.filter { $0.finishedAt != nil }
        let open = figures.filter { $0.finishedAt == nil }
        return EndToEndStatistics(
            accepted: figures.count, finished: done.count,
            withinDeadline: done.filter { $0.metDeadline == true }.count,
            beyondDeadline: done.filter { $0.metDeadline == false }.count, open: open.count,
            openPastDeadline: open.filter { ($0.deadline.map { $0 < now }) ?? false }.count,
            elapsed: nearestRank(done.compactMap(\.elapsedSeconds)),
            commitment: nearestRank(figures.compactMap { figure in
                figure.deadline.map { $0.timeIntervalSince(figure.acceptedAt) }
            }))
    }

    /// Nearest rank the way hubctl's `DurationSummary` does it.
    static func nearestRank(_ values: [Double]) -> DurationFigures? {
        let sorted = values.sorted()
        guard let last = sorted.last else { return nil }
        func rank(_ fraction: Double) -> Double {
            sorted[max(0, min(sorted.count - 1, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))]
        }
        return DurationFigures(count: sorted.count, median: rank(0.5), p90: rank(0.9), max: last)
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be replayed.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    mutating func next(upTo bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Seconds with a random millisecond part, below `bound` seconds.
    mutating func milliseconds(upTo bound: Int) -> Double {
        Double(next(upTo: bound * 1000)) / 1000
    }
}

/// How long the stats figures take on a large store, excluded by default.
/// Run: ONETHING_BENCH=1 swift test --skip-build --filter StatisticsBenchmark
/// ONETHING_BENCH_STORE=/path/store.sqlite keeps (and reuses) the store, e.g. to time
/// `hubctl stats --store` on it; ONETHING_BENCH_APPS sets the size (default 100,000).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ONETHING_BENCH"] != nil))
struct StatisticsBenchmark {
    @Test func statisticsOfALargeStore() throws {
        let environment = ProcessInfo.processInfo.environment
        let applications = Int(environment["ONETHING_BENCH_APPS"] ?? "") ?? 100_000
        let directory = try TemporaryDirectory()
        let store = try CorrelationStore(path: environment["ONETHING_BENCH_STORE"] ?? directory.path(),
                                         busyTimeout: .seconds(2))
        let stored = try store.read { try $0.countsByState() }.values.reduce(0, +)
        if stored < applications {
            var random = SplitMix(seed: 42)
            for batch in stride(from: stored, to: applications, by: 1000) {
                try store.write { writer in
                    for index in batch..<min(batch + 1000, applications) {
                        try writer.save(StatisticsFixture.randomApplication("B\(index)", &random))
                    }
                }
            }
        }
        let now = instant(500)
        func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
            let started = Date()
            let result = try body()
            return (result, Date().timeIntervalSince(started))
        }
        let (matters, matterSeconds) = try timed { try store.read { try $0.matterStatistics(now: now) } }
        let (endToEnd, endToEndSeconds) = try timed { try store.read { try $0.endToEndStatistics(now: now) } }
        let (raw, rawSeconds) = try timed { try store.read { try $0.applicationFigures() } }
        print("stats-bench: \(applications) applications, \(matters.matters.map(\.count).reduce(0, +)) matters: "
              + "matter statistics \(String(format: "%.2f", matterSeconds)) s, end to end "
              + "\(String(format: "%.2f", endToEndSeconds)) s, every application's raw row "
              + "\(String(format: "%.2f", rawSeconds)) s")
        #expect(endToEnd.accepted == raw.count)
    }
}
