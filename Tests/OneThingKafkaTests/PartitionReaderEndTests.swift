import Foundation
import Testing
import OneThingSupport
import OneThingTestSupport
@testable import OneThingKafka

/// A partition is read to its real end even when the broker answers the watermark query
/// short of it: Tansu (0.6) answers with the base offset of the last record batch + 1,
/// so the last records of a batch of several were never read (a restore one state
/// behind, an incomplete hubctl view).
@Suite struct PartitionReaderEndTests {
    @Test(.enabled(if: TansuBroker.executable != nil, "needs the Tansu broker (deploy/setup installs it)"))
    func readsTheWholeLastBatchWhateverTheWatermarkSays() async throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        var configuration = KafkaConfiguration(bootstrapServers: broker.bootstrapServers)
        configuration.logLevel = 0
        let admin = try KafkaAdmin(configuration: configuration)
        try await broker.waitUntilReady { _ = try await admin.listTopics(timeout: .seconds(1)) }
        let topic = uniqueName("batched")
        try await admin.createTopics([TopicSpecification(name: topic, partitions: 2, replicationFactor: 1)],
                                     timeout: .seconds(10))

        // One batch of three records on partition 0 (a long linger gathers them), then a
        // batch of two on partition 1 after a single record.
        var producing = configuration
        producing.properties["linger.ms"] = "200"
        let producer = try KafkaProducer(configuration: producing)
        // A key the producer's murmur2 places on each partition.
        let keys: [Int32: String] = Dictionary((0..<64).map { "key-\($0)" }
            .map { (KeyPartitioner.partition(forKey: $0, partitionCount: 2), $0) }, uniquingKeysWith: { first, _ in first })
        func sendTogether(_ values: [String], partition: Int32) async throws {
            for value in values {
                try producer.send(OutgoingMessage(topic: topic, key: Array((keys[partition] ?? "").utf8),
                                                  value: Array(value.utf8))) { _ in }
            }
            try await producer.flush(timeout: .seconds(30))
        }
        try await sendTogether(["a", "b", "c"], partition: 0)
        try await sendTogether(["d"], partition: 1)
        try await sendTogether(["e", "f"], partition: 1)
        await producer.close(timeout: .seconds(5))

        let single = Locked<[String]>([])
        let next = try await PartitionReader.readDetached(configuration: configuration, topic: topic, partition: 0,
                                                          from: nil) { chunk in
            single.withLock { $0 += chunk.map { String(decoding: $0.value ?? [], as: UTF8.self) } }
        }
        #expect(single.withLock { $0 } == ["a", "b", "c"])
        #expect(next == 3)
        // From the offset the short watermark names: the rest of the batch is still read.
        let rest = Locked<[String]>([])
        _ = try await PartitionReader.readDetached(configuration: configuration, topic: topic, partition: 0, from: 1) { chunk in
            rest.withLock { $0 += chunk.map { String(decoding: $0.value ?? [], as: UTF8.self) } }
        }
        #expect(rest.withLock { $0 } == ["b", "c"])

        // Several partitions through one reader (how a restore reads), from the beginning
        // and from the middle of the last batch.
        let together = try await readTogether(configuration: configuration, topic: topic, partitions: [0: nil, 1: 2])
        #expect(together.values[0] == ["a", "b", "c"] && together.ends[0] == 3)
        #expect(together.values[1] == ["f"] && together.ends[1] == 3)
    }

    /// The blocking several-partition `read` on a thread of its own.
    private func readTogether(configuration: KafkaConfiguration, topic: String, partitions: [Int32: Int64?]) async throws
        -> (values: [Int32: [String]], ends: [Int32: Int64]) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                var values: [Int32: [String]] = [:]
                var ends: [Int32: Int64] = [:]
                do {
                    try PartitionReader.read(configuration: configuration, topic: topic, partitions: partitions,
                                             onChunk: { partition, chunk in
                        values[partition, default: []] += chunk.map { String(decoding: $0.value ?? [], as: UTF8.self) }
                    }, onEnd: { partition, next in ends[partition] = next })
                    continuation.resume(returning: (values, ends))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }
}
