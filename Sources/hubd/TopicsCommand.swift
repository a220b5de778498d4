import Foundation
import OneThingHub

/// `hubd topics create`: every topic of every flow of the catalogue; safe to run again.
enum TopicsCommand {
    static func run(_ configuration: HubTopicsConfiguration) async -> Int32 {
        let logger = HubLogger(format: configuration.logFormat, minimumLevel: configuration.logLevel)
        do {
            let catalogue = try HubCatalogue.load(directory: configuration.catalogueDirectory)
            let created = try await TopicProvisioning.create(
                flows: catalogue.flows, bootstrapServers: configuration.bootstrapServers,
                partitions: configuration.partitions, replicationFactor: configuration.replicationFactor,
                kafkaProperties: configuration.kafkaProperties, logger: logger)
            for topic in created {
                print("\(topic.name)\tpartitions=\(topic.partitions)\treplication=\(topic.replicationFactor)"
                    + topic.configs.sorted { $0.key < $1.key }.map { "\t\($0.key)=\($0.value)" }.joined())
            }
            return 0
        } catch {
            logger.critical("topics create failed", [.error(error)])
            return 1
        }
    }
}
