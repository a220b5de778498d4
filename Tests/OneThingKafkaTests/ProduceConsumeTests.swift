import Foundation
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
                                                KafkaHeader(key: "empty", value: nil)])
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
        #expect(first.headers == [KafkaHeader(key: "ce_type", value: "x.y".bytes), KafkaHeader(key: "empty", value: nil)])
        #expect(first.timestamp != nil)
        #expect(received[1].key == nil)
        #expect(received[1].value == nil)
        #expect(received[1].headers.isEmpty)
    }
}
