import Foundation
import OneThingExchange
import OneThingKafka

/// `hubd topics create`: every topic of the contract for each flow, with its settings.
public enum TopicProvisioning {
    /// applications, requests.<dept> and replies.<dept> for every department, the
    /// promises' topics (evaluations, notifications, supervision), status and
    /// state (both `cleanup.policy=compact`: the latest snapshot, and the latest whole
    /// state, per application stays), evidence (kept for ever: `retention.ms=-1`, not
    /// compacted), deadletter, repartition (the hub's own forwarding topic) and orders
    /// (administrators' orders for the owner of an application). Every topic of a flow
    /// gets the same partition count, which keeps one application's intake and replies on
    /// the same partition number (see `HubService`).
    public static func specifications(for flow: Flow, partitions: Int32, replicationFactor: Int16) -> [TopicSpecification] {
        let topics = flow.topics
        var names = [topics.applications]
        for department in flow.departments {
            names.append(topics.requests(department.code))
            names.append(topics.replies(department.code))
        }
        names.append(topics.deadletter)
        names.append(topics.repartition)
        names.append(topics.orders)
        // Evaluations, notifications, supervision: events (not snapshots), so not compacted.
        names.append(contentsOf: topics.published)
        var specifications = names.map {
            TopicSpecification(name: $0, partitions: partitions, replicationFactor: replicationFactor)
        }
        specifications.append(TopicSpecification(name: topics.status, partitions: partitions,
                                                 replicationFactor: replicationFactor,
                                                 configs: ["cleanup.policy": "compact"]))
        specifications.append(TopicSpecification(name: topics.state, partitions: partitions,
                                                 replicationFactor: replicationFactor,
                                                 configs: ["cleanup.policy": "compact"]))
        // The evidence log is proof: never deleted by age or size, never compacted.
        specifications.append(TopicSpecification(name: topics.evidence, partitions: partitions,
                                                 replicationFactor: replicationFactor,
                                                 configs: ["cleanup.policy": "delete", "retention.ms": "-1",
                                                           "retention.bytes": "-1"]))
        return specifications
    }

    /// Creates the topics of every flow; topics that already exist are left as they are.
    /// librdkafka's log lines go to `logger` as `kafka-log` events when one is given.
    public static func create(flows: [Flow], bootstrapServers: String, partitions: Int32,
                              replicationFactor: Int16, kafkaProperties: [String: String] = [:],
                              logger: HubLogger? = nil,
                              timeout: Duration = .seconds(30)) async throws -> [TopicSpecification] {
        var configuration = KafkaConfiguration(bootstrapServers: bootstrapServers, properties: kafkaProperties)
        configuration.logHandler = logger?.kafkaLogHandler()
        let admin = try KafkaAdmin(configuration: configuration)
        let specifications = flows.flatMap { Self.specifications(for: $0, partitions: partitions, replicationFactor: replicationFactor) }
        try await admin.createTopics(specifications, timeout: timeout)
        return specifications
    }
}
