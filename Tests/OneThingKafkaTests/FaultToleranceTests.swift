import Foundation
import Testing
@testable import OneThingKafka

@Suite struct FaultToleranceTests {
    /// All three brokers go down mid-stream and come back: the idempotent producer retries,
    /// every record is delivered exactly once.
    @Test func brokersDownWhileProducingLoseAndDuplicateNothing() async throws {
        let cluster = try MockCluster(brokers: 3)
        let topic = uniqueName("outage")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 1)
        // Generous timeouts: the suite runs in parallel on two cores, and a starved
        // producer must still retry rather than give up (losing nothing is the point).
        let configuration = mockConfiguration(cluster, messageTimeout: .seconds(120))
        let producer = try KafkaProducer(configuration: configuration)
        let total = 3_000
        let delivered = Counter()
        let failed = Counter()
        var deliveredDuringOutage = 0

        for index in 0..<total {
            if index == total / 3 {
                for broker in Int32(1)...3 { cluster.setBrokerDown(broker) }
            }
            if index == total * 2 / 3 {
                try await Task.sleep(for: .milliseconds(1500))
                deliveredDuringOutage = delivered.value
                for broker in Int32(1)...3 { cluster.setBrokerUp(broker) }
            }
            try producer.send(OutgoingMessage(topic: topic, key: "k\(index % 30)".bytes, value: "\(index)".bytes)) { result in
                switch result {
                case .success: delivered.increment()
                case .failure: failed.increment()
                }
            }
        }
        try await producer.flush(timeout: .seconds(120))
        await producer.close(timeout: .seconds(5))
        #expect(failed.value == 0)
        #expect(delivered.value == total)
        // The outage really held records back: those sent while it lasted waited for it.
        #expect(deliveredDuringOutage <= total / 3)

        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("g"))
        try consumer.subscribe(topics: [topic])
        var received = try await consume(consumer, count: total)
        received += try await consumer.poll(maxMessages: 100, timeout: .milliseconds(300))
        try await consumer.close(timeout: .seconds(5))
        let values = received.compactMap { $0.value.flatMap { Int($0.text) } }
        #expect(values.count == total, "duplicates or losses: \(values.count) of \(total)")
        let missing = Set(0..<total).subtracting(values)
        #expect(missing.isEmpty, "\(missing.count) records never arrived, e.g. \(missing.sorted().prefix(5))")
    }

    /// A partition leader going down alone: sends wait and succeed once it is back.
    @Test func leaderDownBrieflyThenAsyncSendsComplete() async throws {
        let cluster = try MockCluster(brokers: 3)
        let topic = uniqueName("leader")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 3)
        cluster.setPartitionLeader(topic: topic, partition: 0, broker: 2)
        let producer = try KafkaProducer(configuration: mockConfiguration(cluster))
        _ = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: "before".bytes))
        cluster.setBrokerDown(2)
        let pending = Task { try await producer.send(OutgoingMessage(topic: topic, key: nil, value: "during".bytes)) }
        try await Task.sleep(for: .milliseconds(800))
        cluster.setBrokerUp(2)
        let report = try await pending.value
        #expect(report.offset == 1)
        await producer.close(timeout: .seconds(5))
    }

    /// Produce errors pushed by the broker are retried transparently.
    @Test func retriableProduceErrorsAreRetried() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("retry")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        // ApiKey 0 = Produce; 6 = NOT_LEADER_FOR_PARTITION, 7 = REQUEST_TIMED_OUT.
        cluster.pushRequestErrors(apiKey: 0, errors: [6, 7])
        let producer = try KafkaProducer(configuration: mockConfiguration(cluster))
        let report = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: "x".bytes))
        #expect(report.offset == 0)
        await producer.close(timeout: .seconds(5))
    }
}

@Suite struct BackPressureTests {
    /// A 10-record queue and 2,000 records from both send flavours: all wait for room,
    /// none is dropped.
    @Test func fullQueueWaitsInsteadOfDropping() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("pressure")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        cluster.setRoundTripTime(broker: 1, milliseconds: 5)
        var configuration = mockConfiguration(cluster)
        configuration.properties["queue.buffering.max.messages"] = "10"
        let producer = try KafkaProducer(configuration: configuration)

        let delivered = Counter()
        for index in 0..<1_000 {
            try producer.send(OutgoingMessage(topic: topic, key: nil, value: "s\(index)".bytes)) { result in
                if case .success = result { delivered.increment() }
            }
        }
        let reports = try await withThrowingTaskGroup(of: DeliveryReport.self) { group in
            for index in 0..<1_000 {
                group.addTask { try await producer.send(OutgoingMessage(topic: topic, key: nil, value: "a\(index)".bytes)) }
            }
            var all: [DeliveryReport] = []
            for try await report in group { all.append(report) }
            return all
        }
        try await producer.flush(timeout: .seconds(10))
        await producer.close(timeout: .seconds(5))
        #expect(delivered.value == 1_000)
        #expect(reports.count == 1_000)
        #expect(Set(reports.map(\.offset)).count == 1_000)
    }
}
