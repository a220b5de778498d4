import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingSupport
@testable import OneThingHub
import OneThingTestSupport

/// A figure, not a timed test: how fast an instance rebuilds partitions from the state
/// topic into an empty store. Runs only when asked, by hand, in a release build:
///
///     ONETHING_RESTORE_BENCH=100000 swift test -c release --filter StateRestoreBenchmark
///
/// The mock cluster keeps about 5 MiB per partition, so the records (one completed
/// ten-matter application each, as a compacted topic keeps them) are spread over enough
/// partitions to stay under it. The restore itself is what the hub does on assignment
/// (`StateRestorer`): every partition through one reader, on one thread.
@Suite("State restore benchmark")
struct StateRestoreBenchmark {
    static let requested = ProcessInfo.processInfo.environment["ONETHING_RESTORE_BENCH"].flatMap(Int.init)

    static func record(id: String, at: Date) -> StateRecord {
        let matters = ["M10", "M01", "M04", "M05", "M06", "M07", "M08", "M09"].enumerated().map { index, code in
            MatterRecord(code: code, department: TestFlow.retirement.matter(code)?.department ?? "hrss", state: .approved,
                         revision: 1, requestID: "\(id):\(code):r1", sentAt: at, lastSentAt: at, receivedAt: at,
                         finalAt: at.addingTimeInterval(Double(index)), deadline: at.addingTimeInterval(86_400),
                         outputs: MatterOutputs.approved(code))
        }
        let application = ApplicationRecord(
            id: id, flow: "retirement", state: .completed, document: ApplicationForms.full(id: id),
            contentDigest: "sha256:\(id)", submittedEventID: "ce-\(id)", acceptedAt: at, deadline: at.addingTimeInterval(15 * 86_400),
            outcome: .completed, notApplicable: [NotApplicable(matter: "M02", reason: "retirement type is not special")],
            matters: matters, lastEvent: "completed", updatedAt: at, ownerEpoch: 1)
        let events = (0..<17).map { ProcessedEvent(key: "dept\u{1F}\(id)-reply-\($0)", at: at) }
        return StateRecord(application: application, writer: "benchmark-writer", publishedThrough: nil,
                           processedEvents: events, pendingMessages: [])
    }

    @Test(.enabled(if: requested != nil, "set ONETHING_RESTORE_BENCH=N to run it"))
    func restoreRateFromTheStateTopic() async throws {
        let count = Self.requested ?? 0
        let sample = StateRecordCodec.encode(Self.record(id: "GX-BENCH-0000000", at: Date()))
        // Under half of what a mock partition retains (~5 MiB).
        let perPartition = max(1, (2 * 1_048_576) / sample.count)
        let partitions = Int32(max(1, (count + perPartition - 1) / perPartition))
        let cluster = try MockCluster(brokers: 1)
        let topic = "retirement.state"
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
        var configuration = MockKafka.configuration(cluster)
        configuration.properties["linger.ms"] = "5"
        let producer = try KafkaProducer(configuration: configuration)
        let at = Date()
        let produceStart = ContinuousClock.now
        var sent = 0
        while sent < count {
            let batch = sent..<min(count, sent + 5_000)
            let failures = Locked(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in batch {
                    let record = Self.record(id: String(format: "GX-BENCH-%07d", index), at: at)
                    var message = OutgoingMessage(topic: topic, key: Array(record.application.id.utf8),
                                                  value: StateRecordCodec.encode(record),
                                                  headers: StateRecordCodec.headers(of: record).map { KafkaHeader(key: $0.key, value: $0.value) })
                    message.partition = Int32(index % Int(partitions))
                    group.addTask {
                        do { _ = try await producer.send(message) } catch { failures.withLock { $0 += 1 } }
                    }
                }
                try await group.waitForAll()
            }
            #expect(failures.withLock { $0 } == 0)
            sent = batch.upperBound
        }
        let produced = (ContinuousClock.now - produceStart).inSeconds
        await producer.close(timeout: .seconds(5))

        let directory = try TemporaryDirectory(prefix: "restore-bench")
        let store = try CorrelationStore(path: directory.path())
        let restorer = StateRestorer(configuration: MockKafka.configuration(cluster), store: store, topic: topic,
                                     logger: HubLogger(minimumLevel: .error), metrics: nil, restoring: Locked([]))
        let start = ContinuousClock.now
        let summaries: [RestoreSummary] = try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    continuation.resume(returning: Array(try restorer.restoreTogether(Array(0..<partitions)).values))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
        let seconds = (ContinuousClock.now - start).inSeconds
        let applied = summaries.reduce(0) { $0 + $1.applied }
        #expect(applied == count)
        #expect(try store.read { reader in try reader.application(id: "GX-BENCH-0000000")?.outcome } == .completed)
        print(String(format: "restore benchmark: %d applications (%d B records, %d partitions of %d) restored into an empty store in %.2f s: %.0f applications/s (produced in %.1f s)",
                     applied, sample.count, partitions, perPartition, seconds, Double(applied) / seconds, produced))
    }
}
