import Foundation
import Testing
import OneThingTestSupport
@testable import OneThingKafka

@Suite struct AdminTests {
    @Test func listTopicsShowsTheMockClustersTopics() async throws {
        let cluster = try MockCluster(brokers: 3)
        let topic = uniqueName("listed")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 2)
        let admin = try KafkaAdmin(configuration: mockConfiguration(cluster))
        let topics = try await admin.listTopics(timeout: .seconds(5))
        #expect(topics.contains(TopicMetadata(name: topic, partitionCount: 3)))
    }

    @Test func mockClusterRejectsInvalidTopicWithTypedError() throws {
        let cluster = try MockCluster(brokers: 1)
        let error = #expect(throws: KafkaError.self) {
            try cluster.createTopic("bad", partitions: 0, replicationFactor: 1)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("bad") == true)
        #expect(throws: KafkaError.self) { try cluster.createTopic("bad", partitions: 1, replicationFactor: 2) }
        #expect(throws: KafkaError.self) { try MockCluster(brokers: 0) }
    }

    /// librdkafka's mock cluster has no CreateTopics handler, so this runs against a real
    /// Kafka-compatible broker: Tansu, installed by deploy/setup (or ONETHING_TANSU=path).
    @Test(.enabled(if: TansuBroker.executable != nil, "needs the Tansu broker (deploy/setup installs it)"))
    func createsCompactedTopicIdempotently() async throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        var configuration = KafkaConfiguration(bootstrapServers: broker.bootstrapServers)
        configuration.logLevel = 0
        let admin = try KafkaAdmin(configuration: configuration)
        try await broker.waitUntilReady { _ = try await admin.listTopics(timeout: .seconds(1)) }

        let name = uniqueName("compacted")
        let specification = TopicSpecification(name: name, partitions: 3, replicationFactor: 1,
                                               configs: ["cleanup.policy": "compact"])
        try await admin.createTopics([specification], timeout: .seconds(10))
        let topics = try await admin.listTopics(timeout: .seconds(5))
        #expect(topics.contains(TopicMetadata(name: name, partitionCount: 3)))
        // Creating it again is success ("already exists").
        try await admin.createTopics([specification], timeout: .seconds(10))
    }
}
