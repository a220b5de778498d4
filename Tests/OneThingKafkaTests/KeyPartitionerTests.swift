import Foundation
import Testing
@testable import OneThingKafka

@Suite struct KeyPartitionerTests {
    /// The Java client's own test vectors (`UtilsTest.testMurmur2` in Apache Kafka).
    @Test func matchesTheJavaClientsMurmur2() {
        let cases: [(String, Int32)] = [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107),
        ]
        for (key, expected) in cases {
            #expect(KeyPartitioner.murmur2(Array(key.utf8)) == expected, "murmur2(\(key))")
        }
    }

    /// Slices (non-zero start index) hash like the same bytes in an array of their own.
    @Test func slicesHashLikeArrays() {
        let bytes = Array("xxGX-2026-000042".utf8)
        #expect(KeyPartitioner.murmur2(bytes[2...]) == KeyPartitioner.murmur2(Array(bytes[2...])))
        #expect(KeyPartitioner.partition(forKey: "GX-2026-000042", partitionCount: 5)
                    == KeyPartitioner.partition(forKey: bytes[2...], partitionCount: 5))
    }

    /// librdkafka's `murmur2_random` (the hub's producer) puts every key where the Swift
    /// function says, for several partition counts and keys of every tail length; its
    /// default `consistent_random` (CRC32) does not, which is why the hub forwards.
    @Test func agreesWithLibrdkafkaAndDiffersFromCRC32() async throws {
        let cluster = try MockCluster(brokers: 1)
        let keys = (0..<40).map { "APP-\(String(repeating: "x", count: $0 % 4))-\($0)" }
        var crcDisagreements = 0
        for partitions: Int32 in [3, 7] {
            let topic = uniqueName("partitioner")
            try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
            let murmur = try KafkaProducer(configuration: mockConfiguration(cluster))
            var crcConfiguration = mockConfiguration(cluster)
            crcConfiguration.properties["partitioner"] = "consistent_random"
            let crc = try KafkaProducer(configuration: crcConfiguration)
            for key in keys {
                let expected = KeyPartitioner.partition(forKey: key, partitionCount: partitions)
                let report = try await murmur.send(OutgoingMessage(topic: topic, key: key.bytes, value: nil))
                #expect(report.partition == expected, "\(key) over \(partitions) partitions")
                let other = try await crc.send(OutgoingMessage(topic: topic, key: key.bytes, value: nil))
                if other.partition != expected { crcDisagreements += 1 }
            }
            await murmur.close(timeout: .seconds(2))
            await crc.close(timeout: .seconds(2))
        }
        #expect(crcDisagreements > 10)
    }
}
