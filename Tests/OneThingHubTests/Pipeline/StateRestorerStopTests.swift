import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingSupport
@testable import OneThingHub
import OneThingTestSupport

/// A restore from the state topic can take long (a partition of a busy flow holds a
/// hundred thousand applications), and it runs inside the consumer's assignment callback:
/// a stop must end it instead of waiting for it, or the stop's 10 s budget is gone.
@Suite("A restore gives up when the service stops")
struct StateRestorerStopTests {
    static func record(id: String, at: Date) -> StateRecord {
        let matters = ["M10", "M01", "M04"].map { code in
            MatterRecord(code: code, department: TestFlow.retirement.matter(code)?.department ?? "hrss", state: .approved,
                         revision: 1, requestID: "\(id):\(code):r1", sentAt: at, finalAt: at, outputs: MatterOutputs.approved(code))
        }
        let application = ApplicationRecord(
            id: id, flow: "retirement", state: .completed, document: ApplicationForms.minimal(id: id),
            contentDigest: "sha256:\(id)", submittedEventID: "ce-\(id)", acceptedAt: at, outcome: .completed,
            matters: matters, lastEvent: "completed", updatedAt: at, ownerEpoch: 3)
        return StateRecord(application: application, writer: "another-writer", publishedThrough: nil,
                           processedEvents: [ProcessedEvent(key: "dept\u{1F}\(id)-reply", at: at)], pendingMessages: [])
    }

    @Test func aStopEndsTheRestoreAndLeavesTheAppliedOffsetWhereItWas() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = "retirement.state"
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        let producer = try KafkaProducer(configuration: MockKafka.configuration(cluster))
        let count = 3_000
        let at = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                let record = Self.record(id: String(format: "GX-STOP-%05d", index), at: at)
                var message = OutgoingMessage(topic: topic, key: Array(record.application.id.utf8), value: StateRecordCodec.encode(record),
                                              headers: StateRecordCodec.headers(of: record).map { KafkaHeader(key: $0.key, value: $0.value) })
                message.partition = Int32(index % 2)
                group.addTask { _ = try await producer.send(message) }
            }
            try await group.waitForAll()
        }
        await producer.close(timeout: .seconds(5))

        let directory = try TemporaryDirectory(prefix: "restore-stop")
        let store = try CorrelationStore(path: directory.path())
        // The stop comes after a thousand polls: at most a third of the records are read by then.
        let polls = Locked(0)
        let restorer = StateRestorer(configuration: MockKafka.configuration(cluster), store: store, topic: topic,
                                     logger: HubLogger(minimumLevel: .error), metrics: nil, restoring: Locked([]),
                                     shouldStop: { polls.withLock { $0 += 1; return $0 > 1_000 } })
        let outcome: Result<[Int32: RestoreSummary], any Error> = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Result { try restorer.restoreTogether([0, 1]) }) }.start()
        }
        #expect(throws: PartitionReader.Stopped.self) { try outcome.get() }
        let (restored, offsets) = try store.read { reader in
            (try reader.ownerEpochs(of: (0..<count).map { String(format: "GX-STOP-%05d", $0) }).count,
             [try reader.changelogOffset(topic: topic, partition: 0), try reader.changelogOffset(topic: topic, partition: 1)])
        }
        #expect(restored < count, "the whole topic was restored: the stop was not heard")
        #expect(offsets == [nil, nil], "a stopped restore must not move the applied offset")

        // The next restore (the next owner, or this one after its restart) completes it.
        let again = StateRestorer(configuration: MockKafka.configuration(cluster), store: store, topic: topic,
                                  logger: HubLogger(minimumLevel: .error), metrics: nil, restoring: Locked([]))
        let summaries: [Int32: RestoreSummary] = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try again.restoreTogether([0, 1]) }) }.start()
        }
        #expect(summaries.values.reduce(0) { $0 + $1.applied } == count)
        #expect(try store.read { try $0.ownerEpochs(of: ["GX-STOP-00000", "GX-STOP-02999"]) } == ["GX-STOP-00000": 3, "GX-STOP-02999": 3])
    }
}
