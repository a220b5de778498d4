import Foundation
import Testing
import OneThingSupport
@testable import OneThingKafka

/// A partition read fetches at most 8 MiB at a time (its first records come as soon as
/// the first fetch is back, not after 50 MiB), or `message.max.bytes` when an operator
/// raised it above that: librdkafka refuses a consumer whose fetch limit is below it.
@Suite struct PartitionReaderFetchTests {
    @Test func theFetchLimitIsEightMebibytesOrTheMessageLimitWhenLarger() {
        func fetchLimit(_ properties: [String: String]) -> String? {
            let configuration = KafkaConfiguration(bootstrapServers: "localhost:9092", properties: properties)
            return PartitionReader.bulkReadProperties(for: configuration).first { $0.0 == "fetch.max.bytes" }?.1
        }
        #expect(fetchLimit([:]) == "8388608")
        #expect(fetchLimit(["message.max.bytes": "1000000"]) == "8388608")
        #expect(fetchLimit(["message.max.bytes": " 16777216 "]) == "16777216")
    }

    @Test func aReadWorksWithARaisedMessageLimit() async throws {
        let (cluster, topic, configuration) = try await topicHolding(5, stem: "fetch-limit") {
            $0.properties["message.max.bytes"] = "16777216"
        }
        defer { withExtendedLifetime(cluster) {} }
        let values = Locked<[String]>([])
        let next = try await PartitionReader.readDetached(configuration: configuration, topic: topic, partition: 0,
                                                          from: nil) { chunk in values.withLock { $0 += chunk.map { ($0.value ?? []).text } } }
        #expect(next == 5)
        #expect(values.withLock { $0 } == ["m0", "m1", "m2", "m3", "m4"])
    }
}
