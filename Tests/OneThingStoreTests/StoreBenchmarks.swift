import Foundation
import OneThingExchange
import Testing
@testable import OneThingStore
import OneThingTestSupport

/// Throughput figures, excluded by default (they take seconds, not milliseconds).
/// Run: ONETHING_STORE_BENCH=1 swift test --skip-build --filter StoreBenchmarks
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ONETHING_STORE_BENCH"] != nil))
struct StoreBenchmarks {
    private static let departments = ["hrss", "hrss", "hrss", "medicare", "medicare", "civil", "civil", "tax", "tax", "bank"]

    private func tenMatterRecord(_ id: String, at now: Date) -> ApplicationRecord {
        var record = sampleRecord(id: id, updatedAt: now)
        record.matters = (0..<10).map { index in
            sampleMatter(String(format: "M%02d", index + 1), department: Self.departments[index])
        }
        record.nextTimerAt = now.addingTimeInterval(600)
        return record
    }

    /// Saves of a 10-matter application, full upserts, 100 per transaction.
    @Test func fullSavesPerSecond() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let count = 20_000
        let started = Date()
        for batch in stride(from: 0, to: count, by: 100) {
            try store.write { writer in
                for index in batch..<(batch + 100) {
                    try writer.save(tenMatterRecord("A\(index)", at: instant(Double(index))))
                }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("store-bench: \(count) full saves of a 10-matter application in \(String(format: "%.2f", seconds)) s = \(Int(Double(count) / seconds)) saves/s")
        #expect(try store.read { try $0.countsByState() }[.inProgress] == count)
    }

    /// The hub's lifecycle pattern: per application one submission (full save) and 30
    /// replies (load, dedup, change one matter, save against the previous version, one
    /// history line, one status message), 100 events per transaction, then publishing.
    @Test func lifecyclesPerSecond() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let applications = Int(ProcessInfo.processInfo.environment["ONETHING_STORE_BENCH_APPS"] ?? "") ?? 3_000
        var events: [(id: String, step: Int)] = []
        for step in 0...30 {
            for index in 0..<applications { events.append(("A\(index)", step)) }
        }
        let started = Date()
        var eventNumber = 0
        for batch in stride(from: 0, to: events.count, by: 100) {
            try store.write { writer in
                for (id, step) in events[batch..<min(batch + 100, events.count)] {
                    eventNumber += 1
                    let now = instant(Double(eventNumber) / 1000)
                    guard try writer.markProcessed(eventID: "ev-\(id)-\(step)", at: now) else { continue }
                    if step == 0 {
                        try writer.save(tenMatterRecord(id, at: now))
                    } else {
                        guard let previous = try writer.application(id: id) else { continue }
                        var record = previous
                        let matter = (step - 1) / 3
                        record.matters[matter].state = [MatterState.sent, .received, .approved][(step - 1) % 3]
                        record.matters[matter].sentAt = record.matters[matter].sentAt ?? now
                        if record.matters[matter].state.isFinal { record.matters[matter].finalAt = now }
                        record.updatedAt = now
                        record.nextTimerAt = step == 30 ? nil : now.addingTimeInterval(600)
                        if step == 30 { record.state = .completed; record.outcome = .completed }
                        try writer.save(record, previous: previous)
                    }
                    try writer.appendHistory(HistoryEntry(applicationID: id, at: now, kind: "reply", detail: "Step \(step)."))
                    try writer.enqueue(topic: "retirement.status", key: Array(id.utf8), value: Array(repeating: 0x20, count: 300),
                                       headers: [StoredHeader(key: "ce_id", value: Array("\(id)-\(step)".utf8))], at: now)
                }
            }
            let unsent = try store.unsentOutbox(limit: 1000)
            try store.markPublished(ids: unsent.map(\.id))
        }
        let seconds = Date().timeIntervalSince(started)
        print("store-bench: \(applications) lifecycles (31 events each, 100 events per transaction) in \(String(format: "%.2f", seconds)) s = \(Int(Double(applications) / seconds)) applications/s, \(Int(Double(events.count) / seconds)) events/s")
        #expect(try store.read { try $0.countsByState() }[.completed] == applications)
        #expect(try store.read { try $0.outboxDepth() } == 0)
    }

    /// A restart with 100,000 applications stored: opening plus the first timer and
    /// outbox queries must not depend on the store's size.
    @Test func restartWithHundredThousandApplications() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try openStore(directory)
            for batch in stride(from: 0, to: 100_000, by: 1000) {
                try store.write { writer in
                    for index in batch..<(batch + 1000) {
                        try writer.save(tenMatterRecord("A\(index)", at: instant(Double(index))))
                    }
                }
            }
        }
        let started = Date()
        let store = try openStore(directory)
        let due = try store.read { try $0.applicationsWithTimersDue(now: instant(700), limit: 500) }
        let outbox = try store.unsentOutbox(limit: 500)
        let first = try store.read { try $0.application(id: "A99999") }
        let seconds = Date().timeIntervalSince(started)
        print("store-bench: reopen of 100,000 applications + first timers/outbox/load in \(String(format: "%.3f", seconds)) s")
        #expect(due.count == 101)
        #expect(outbox.isEmpty)
        #expect(first?.matters.count == 10)
        #expect(seconds < 5)
    }
}
