import Foundation
import OneThingSupport
import Testing
@testable import OneThingKafka

@Suite struct ProduceConsumeTests {
    @Test func keysValuesAndHeadersRoundTrip() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("roundtrip")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 1)
        let configuration = mockConfiguration(cluster)

        let producer = try KafkaProducer(configuration: configuration)
        var message = OutgoingMessage(topic: topic, key: "app-1".bytes, value: "hello".bytes,
                                      headers: [KafkaHeader(key: "ce_type", value: "x.y".bytes),
                                                KafkaHeader(key: "empty", value: nil),
                                                KafkaHeader(key: "名称", value: "值".bytes),
                                                KafkaHeader(key: "", value: [])])
        let report = try await producer.send(message)
        #expect(report.topic == topic)
        #expect(report.offset == 0)
        message.key = nil
        message.value = nil
        message.headers = []
        message.partition = report.partition
        let second = try await producer.send(message)
        #expect(second.partition == report.partition)
        #expect(second.offset == 1)
        await producer.close(timeout: .seconds(5))

        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("g"))
        try consumer.subscribe(topics: [topic])
        let received = try await consume(consumer, count: 2)
        try await consumer.close(timeout: .seconds(5))

        try #require(received.count == 2)
        let first = received[0]
        #expect(first.topic == topic)
        #expect(first.partition == report.partition)
        #expect(first.key == "app-1".bytes)
        #expect(first.value == "hello".bytes)
        // Names go to librdkafka with their length (not as C strings): non-ASCII and empty ones too.
        #expect(first.headers == [KafkaHeader(key: "ce_type", value: "x.y".bytes), KafkaHeader(key: "empty", value: nil),
                                  KafkaHeader(key: "名称", value: "值".bytes), KafkaHeader(key: "", value: [])])
        #expect(first.timestamp != nil)
        #expect(received[1].key == nil)
        #expect(received[1].value == nil)
        #expect(received[1].headers.isEmpty)
    }
}

@Suite struct OrderingTests {
    /// Many keys interleaved over 3 partitions: each key's records stay in one partition
    /// and arrive in the order they were sent.
    @Test func eachKeyArrivesInOrderAcrossThreePartitions() async throws {
        let cluster = try MockCluster(brokers: 3)
        let topic = uniqueName("ordering")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 1)
        let configuration = mockConfiguration(cluster)
        let keys = (0..<50).map { "key-\($0)" }
        let perKey = 40

        let producer = try KafkaProducer(configuration: configuration)
        let failures = Counter()
        for sequence in 0..<perKey {
            for key in keys {
                try producer.send(OutgoingMessage(topic: topic, key: key.bytes, value: "\(sequence)".bytes)) { result in
                    if case .failure = result { failures.increment() }
                }
            }
        }
        try await producer.flush(timeout: .seconds(10))
        await producer.close(timeout: .seconds(5))
        #expect(failures.value == 0)

        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("g"))
        try consumer.subscribe(topics: [topic])
        let received = try await consume(consumer, count: keys.count * perKey)
        try await consumer.close(timeout: .seconds(5))

        #expect(received.count == keys.count * perKey)
        var sequences: [String: [Int]] = [:]
        var partitionOfKey: [String: Set<Int32>] = [:]
        for message in received {
            let key = try #require(message.key).text
            sequences[key, default: []].append(Int(try #require(message.value).text) ?? -1)
            partitionOfKey[key, default: []].insert(message.partition)
        }
        for key in keys {
            #expect(sequences[key] == Array(0..<perKey), "key \(key) out of order")
            #expect(partitionOfKey[key]?.count == 1)
        }
        #expect(Set(received.map(\.partition)) == [0, 1, 2])
    }
}

/// A thread-safe tally for completions that run on the producer's thread.
final class Counter: Sendable {
    private let count = Locked(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
