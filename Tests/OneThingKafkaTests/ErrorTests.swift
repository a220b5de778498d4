import Foundation
import Testing
@testable import OneThingKafka

@Suite struct ErrorTests {
    @Test func unknownPropertyIsAConfigurationErrorWithLibrdkafkasText() throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1",
                                               properties: ["no.such.property": "1"])
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration) }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("no.such.property") == true)
        #expect(error?.message.contains("No such configuration property") == true)
    }

    @Test func invalidValueIsAConfigurationError() throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1",
                                               properties: ["auto.offset.reset": "sideways"])
        let error = #expect(throws: KafkaError.self) {
            try KafkaConsumer(configuration: configuration, groupID: "g")
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("auto.offset.reset") == true)
    }

    @Test func conflictingPropertiesFailAtCreation() throws {
        // Accepted one by one, refused together by rd_kafka_new (the conf is freed then).
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties["enable.idempotence"] = "true"
        configuration.properties["acks"] = "1"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration) }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("acks") == true)
    }

    @Test func unreachableBrokerFailsSendWithTimeoutNamingTheCause() async throws {
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.messageTimeout = .milliseconds(800)
        configuration.socketTimeout = .milliseconds(500)
        configuration.logLevel = 0
        let producer = try KafkaProducer(configuration: configuration)
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(OutgoingMessage(topic: "t", key: nil, value: [1]))
        }
        await producer.close(timeout: .milliseconds(200))
        #expect(error?.kind == .timeout)
        #expect(error?.message.contains("Message timed out") == true)
        #expect(error?.message.contains("127.0.0.1:1") == true)
    }

    @Test func unreachableBrokerFailsMetadataWithTypedError() async throws {
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.logLevel = 0
        let admin = try KafkaAdmin(configuration: configuration)
        let error = await #expect(throws: KafkaError.self) {
            _ = try await admin.listTopics(timeout: .milliseconds(500))
        }
        #expect(error?.kind == .transport || error?.kind == .timeout)
        #expect(error?.message.contains("metadata") == true)
    }

    @Test func producerCloseIsIdempotentAndLaterSendsThrowClosed() async throws {
        let cluster = try MockCluster(brokers: 1)
        let producer = try KafkaProducer(configuration: mockConfiguration(cluster))
        await producer.close(timeout: .seconds(1))
        await producer.close(timeout: .seconds(1))
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(OutgoingMessage(topic: "t", key: nil, value: [1]))
        }
        #expect(error?.kind == .closed)
        #expect(throws: KafkaError.self) {
            try producer.send(OutgoingMessage(topic: "t", key: nil, value: [1])) { _ in }
        }
    }

    @Test func badRecordsBecomeTypedErrorsNotCrashes() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = uniqueName("small")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        var configuration = mockConfiguration(cluster, messageTimeout: .seconds(2))
        configuration.properties["message.max.bytes"] = "2000"
        let producer = try KafkaProducer(configuration: configuration)
        let tooLarge = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(OutgoingMessage(topic: topic, key: nil, value: [UInt8](repeating: 1, count: 5000)))
        }
        #expect(tooLarge?.message.contains("too large") == true)
        let noPartition = await #expect(throws: KafkaError.self) {
            var message = OutgoingMessage(topic: topic, key: nil, value: [1])
            message.partition = 7
            _ = try await producer.send(message)
        }
        #expect(noPartition?.kind == .unknownTopic)
        let syncRefused = #expect(throws: KafkaError.self) {
            try producer.send(OutgoingMessage(topic: topic, key: nil, value: [UInt8](repeating: 1, count: 5000))) { _ in }
        }
        #expect(syncRefused?.code == 10)   // RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, refused before enqueueing
        #expect(syncRefused?.message.contains(topic) == true)
        await producer.close(timeout: .seconds(2))
    }

    @Test func librdkafkaCodesMapToKindsAndText() {
        #expect(KafkaError(code: -184).kind == .queueFull)
        #expect(KafkaError(code: -184).message == "Local: Queue full")
        #expect(KafkaError(code: 36).kind == .topicAlreadyExists)
        #expect(KafkaError(code: -185).kind == .timeout)
        #expect(KafkaError(code: -192).kind == .timeout)
        #expect(KafkaError(code: 3).kind == .unknownTopic)
        #expect(KafkaError(code: -195).kind == .transport)
        #expect(KafkaError(code: -150).kind == .fatal)
        #expect(KafkaError(code: -197, detail: "why").message == "Local: Broker handle destroyed: why")
        #expect(KafkaError(code: -197).kind == .closed)
        for code in Int32(-200)...Int32(120) {
            let error = KafkaError(code: code)
            #expect(!error.message.isEmpty)
            #expect(error.code == code)
        }
        #expect(KafkaError(code: 36).description == "KafkaError.topicAlreadyExists (36): Broker: Topic already exists")
    }
}
