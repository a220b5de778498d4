import CRdKafka
import Foundation
import Testing
@testable import OneThingKafka

@Suite("Delivery failures: transient or permanent")
struct DeliveryFailureTests {
    /// Every code that refuses the record or its topic for good, one by one.
    @Test(arguments: [
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE,
        RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG,
        RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP,
        RD_KAFKA_RESP_ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT, RD_KAFKA_RESP_ERR_POLICY_VIOLATION,
        RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC,
        RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_ID,
    ].map(\.rawValue))
    func permanent(_ code: Int32) {
        #expect(DeliveryFailure(code: code) == .permanent)
        #expect(KafkaError(code: code, detail: "delivery").deliveryFailure == .permanent)
    }

    /// The way to the broker failed, not the record: retried with back-off.
    @Test(arguments: [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__RESOLVE,
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR__DESTROY, RD_KAFKA_RESP_ERR__FATAL,
        // A refusal of the whole client is not set aside message by message.
        RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR__AUTHENTICATION,
    ].map(\.rawValue))
    func transient(_ code: Int32) {
        #expect(DeliveryFailure(code: code) == .transient)
        #expect(KafkaError(code: code, detail: "delivery").deliveryFailure == .transient)
    }

    @Test func failuresThatAreNotLibrdkafkaCodesAreTransient() {
        #expect(KafkaError.closed("producer").deliveryFailure == .transient)
        #expect(KafkaError(kind: .other, message: "no delivery report").deliveryFailure == .transient)
    }

    /// A cluster of two brokers where broker 2 alone leads `refused`, and broker 1 `open`.
    private static func splitCluster() throws -> (MockCluster, refused: String, open: String) {
        let cluster = try MockCluster(brokers: 2)
        let refused = uniqueName("refused"), open = uniqueName("open")
        try cluster.createTopic(refused, partitions: 1, replicationFactor: 1)
        try cluster.createTopic(open, partitions: 1, replicationFactor: 1)
        cluster.setPartitionLeader(topic: refused, partition: 0, broker: 2)
        cluster.setPartitionLeader(topic: open, partition: 0, broker: 1)
        return (cluster, refused, open)
    }

    /// On the mock cluster: a topic an ACL denies fails its records as permanent while
    /// another topic of the same producer delivers.
    @Test func aDeniedTopicFailsPermanentlyAndOthersDeliver() async throws {
        let (cluster, denied, open) = try Self.splitCluster()
        cluster.pushBrokerRequestErrors(broker: 2, apiKey: 0, code: RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED.rawValue,
                                        count: 100)
        let producer = try KafkaProducer(configuration: mockConfiguration(cluster, messageTimeout: .seconds(10)))
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(OutgoingMessage(topic: denied, key: nil, value: "x".bytes))
        }
        #expect(error?.deliveryFailure == .permanent)
        #expect(error?.code == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED.rawValue)
        let report = try await producer.send(OutgoingMessage(topic: open, key: nil, value: "y".bytes))
        #expect(report.topic == open)
        await producer.close(timeout: .seconds(2))
    }

    /// A record over the producer's message.max.bytes is refused at once, as permanent.
    @Test func aRecordOverMessageMaxBytesIsPermanent() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("big")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producer = try KafkaProducer(configuration: mockConfiguration(cluster))
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: [UInt8](repeating: 1, count: 1_100_000)))
        }
        #expect(error?.deliveryFailure == .permanent)
        #expect(error?.code == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE.rawValue)
        await producer.close(timeout: .seconds(2))
    }

    /// A broker that keeps answering "not enough replicas" (retriable) makes the record
    /// time out: transient, and the other topic delivers meanwhile.
    @Test func aTopicThatKeepsFailingRetriablyFailsTransiently() async throws {
        let (cluster, failing, open) = try Self.splitCluster()
        cluster.pushBrokerRequestErrors(broker: 2, apiKey: 0, code: RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue,
                                        count: 1_000)
        let producer = try KafkaProducer(configuration: mockConfiguration(cluster, messageTimeout: .seconds(2)))
        let message = OutgoingMessage(topic: failing, key: nil, value: "x".bytes)
        async let failed: Result<DeliveryReport, KafkaError> = {
            do throws(KafkaError) { return .success(try await producer.send(message)) }
            catch { return .failure(error) }
        }()
        let report = try await producer.send(OutgoingMessage(topic: open, key: nil, value: "y".bytes))
        #expect(report.topic == open)
        guard case .failure(let error) = await failed else {
            Issue.record("the record to the failing topic was delivered")
            return
        }
        #expect(error.deliveryFailure == .transient)
        await producer.close(timeout: .seconds(2))
    }
}
