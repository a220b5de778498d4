import Foundation
import OneThingSupport
import Testing
@testable import OneThingKafka

/// Collects log records from librdkafka's threads.
final class LogCollector: Sendable {
    private let collected = Locked<[KafkaLogRecord]>([])

    var records: [KafkaLogRecord] { collected.withLock { $0 } }

    var handler: @Sendable (KafkaLogRecord) -> Void {
        { [collected] record in collected.withLock { $0.append(record) } }
    }

    /// Waits (polling every 20 ms) until a record matches or `deadline` passes.
    func waitFor(within deadline: Duration, _ matches: (KafkaLogRecord) -> Bool) async throws -> KafkaLogRecord? {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if let found = records.first(where: matches) { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        return records.first(where: matches)
    }
}

@Suite struct LogHandlerTests {
    @Test func handlerReceivesLinesLoggedOnLibrdkafkasThreads() async throws {
        let collector = LogCollector()
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1")   // nothing listens
        configuration.clientID = "log-probe"
        configuration.logHandler = collector.handler
        let producer = try KafkaProducer(configuration: configuration)
        let failure = try await collector.waitFor(within: .seconds(10)) { $0.level <= 3 }
        await producer.close(timeout: .milliseconds(100))

        let record = try #require(failure)
        #expect(record.client.hasPrefix("log-probe#producer-"))
        #expect(!record.facility.isEmpty)
        #expect(record.message.contains("127.0.0.1:1"))
    }

    @Test func mixedRoleConfigurationCreatesEveryClientWithoutRoleWarnings() async throws {
        let cluster = try MockCluster(brokers: 1)
        let collector = LogCollector()
        var configuration = mockConfiguration(cluster)
        configuration.logLevel = nil   // librdkafka's default (6) includes warnings (4)
        configuration.logHandler = collector.handler
        configuration.properties.merge([
            "fetch.wait.max.ms": "10", "partition.assignment.strategy": "range",   // consumer only
            "linger.ms": "2", "acks": "all", "compression.type": "lz4",            // producer only
            // Deprecated for both roles: librdkafka still warns, which proves warnings reach the handler.
            "reconnect.backoff.jitter.ms": "0",
        ]) { $1 }

        let producer = try KafkaProducer(configuration: configuration)
        let consumer = try KafkaConsumer(configuration: configuration, groupID: uniqueName("roles"))
        let admin = try KafkaAdmin(configuration: configuration)
        _ = try await admin.listTopics(timeout: .seconds(5))
        await producer.close(timeout: .seconds(1))
        try await consumer.close(timeout: .seconds(2))

        let warnings = collector.records.filter { $0.facility == "CONFWARN" }
        #expect(warnings.filter { $0.message.contains("will be ignored") }.isEmpty, "\(warnings)")
        #expect(warnings.allSatisfy { $0.message.contains("reconnect.backoff.jitter.ms") }, "\(warnings)")
        let clients = Set(warnings.map(\.client))
        #expect(clients.count == 3, "one deprecation warning per client: \(warnings)")
        #expect(clients.contains { $0.contains("#consumer-") })
    }

    @Test func passThroughIsFilteredPerRoleAndTypedValuesStay() {
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:9092", properties: [
            "fetch.wait.max.ms": "10", "heartbeat.interval.ms": "500", "auto.offset.reset": "latest",
            "linger.ms": "2", "acks": "all", "message.timeout.ms": "5000",
            "security.protocol": "plaintext", "debug": "broker",
        ])
        configuration.logLevel = 3
        let producer = Dictionary(configuration.producerProperties, uniquingKeysWith: { $1 })
        let consumer = Dictionary(configuration.consumerProperties(groupID: "g"), uniquingKeysWith: { $1 })
        let admin = Dictionary(configuration.adminProperties, uniquingKeysWith: { $1 })

        #expect(producer["linger.ms"] == "2" && producer["acks"] == "all")
        #expect(producer["message.timeout.ms"] == "5000")   // pass-through still overrides typed
        #expect(producer["enable.idempotence"] == "true" && producer["partitioner"] == "murmur2_random")
        #expect(producer["fetch.wait.max.ms"] == nil && producer["heartbeat.interval.ms"] == nil)
        #expect(producer["auto.offset.reset"] == nil)

        #expect(consumer["fetch.wait.max.ms"] == "10" && consumer["auto.offset.reset"] == "latest")
        #expect(consumer["group.id"] == "g" && consumer["enable.auto.commit"] == "false")
        #expect(consumer["linger.ms"] == nil && consumer["acks"] == nil && consumer["message.timeout.ms"] == nil)

        #expect(admin["linger.ms"] == nil && admin["fetch.wait.max.ms"] == nil)
        for properties in [producer, consumer, admin] {
            #expect(properties["security.protocol"] == "plaintext" && properties["debug"] == "broker")
            #expect(properties["log_level"] == "3" && properties["bootstrap.servers"] == "127.0.0.1:9092")
        }
    }

    @Test func roleTablesAreDisjointAndMatchCONFIGURATIONmd() {
        #expect(KafkaPropertyRoles.consumerOnly.isDisjoint(with: KafkaPropertyRoles.producerOnly))
        #expect(KafkaPropertyRoles.consumerOnly.count == 34)   // C rows, global and topic, deduplicated
        #expect(KafkaPropertyRoles.producerOnly.count == 30)   // P rows, global and topic, deduplicated
        #expect(KafkaPropertyRoles.applies("bootstrap.servers", to: .admin))
        #expect(!KafkaPropertyRoles.applies("group.id", to: .producer))
        #expect(!KafkaPropertyRoles.applies("enable.idempotence", to: .consumer))
    }
}
