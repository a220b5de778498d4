import Foundation
import Testing
import OneThingTestSupport
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

@Suite("Pipeline: topics and metrics")
struct OperationsIntegrationTests {
    @Test func topicSpecificationsCoverTheContract() {
        let flow = TestFlow.retirement
        let specifications = TopicProvisioning.specifications(for: flow, partitions: 6, replicationFactor: 3)
        let names = Set(specifications.map(\.name))
        var expected: Set<String> = ["retirement.applications", "retirement.status", "retirement.deadletter",
                                     "retirement.state", "retirement.repartition", "retirement.orders",
                                     "retirement.evaluations", "retirement.notifications", "retirement.supervision",
                                     "retirement.evidence"]
        for department in ["hrss", "police", "hpf", "health", "medicare"] {
            expected.insert("retirement.requests.\(department)")
            expected.insert("retirement.replies.\(department)")
        }
        #expect(names == expected)
        #expect(specifications.allSatisfy { $0.partitions == 6 && $0.replicationFactor == 3 })
        #expect(specifications.first { $0.name == "retirement.status" }?.configs["cleanup.policy"] == "compact")
        #expect(specifications.first { $0.name == "retirement.state" }?.configs["cleanup.policy"] == "compact")
        // The evidence log is kept for ever and never compacted.
        #expect(specifications.first { $0.name == "retirement.evidence" }?.configs
                == ["cleanup.policy": "delete", "retention.ms": "-1", "retention.bytes": "-1"])
        let special: Set = ["retirement.status", "retirement.state", "retirement.evidence"]
        #expect(specifications.filter { !special.contains($0.name) }.allSatisfy { $0.configs.isEmpty })
    }

    /// librdkafka's mock cluster has no CreateTopics handler: this runs against a real
    /// Kafka-compatible broker (Tansu, installed by deploy/setup, or ONETHING_TANSU=path).
    @Test(.enabled(if: TansuBroker.executable != nil, "needs the Tansu broker (deploy/setup installs it)"))
    func topicsCreateIsSafeToRunAgain() async throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let flow = TestFlow.retirement
        let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: broker.bootstrapServers,
                                                                     properties: ["log_level": "0"]))
        try await broker.waitUntilReady { _ = try await admin.listTopics(timeout: .seconds(1)) }
        for _ in 0..<2 {
            _ = try await TopicProvisioning.create(flows: [flow], bootstrapServers: broker.bootstrapServers, partitions: 2,
                                                   replicationFactor: 1, kafkaProperties: ["log_level": "0"],
                                                   timeout: .seconds(10))
        }
        let listed = try await admin.listTopics(timeout: .seconds(10))
        #expect(Set(listed.map(\.name)).isSuperset(of: Set(flow.topics.all)))
        #expect(listed.filter { flow.topics.all.contains($0.name) }.allSatisfy { $0.partitionCount == 2 })
    }

    @Test func metricsCountMessagesDeadLettersAndStates() async throws {
        let bed = try HubTestBed()
        var options = bed.options()
        let metrics = HubMetrics()
        options.metrics = metrics
        let hub = try HubService(options: options)
        let run = Task { try await hub.run() }
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-MET-1"), id: "GX-MET-1")
        try await bed.channel.raw(key: nil, value: Array("junk".utf8), headers: [])
        // Up to a minute: this target runs its suites in parallel, several of them whole
        // mock clusters and hubd processes, and the counts below need the outcome.
        #expect(try await eventually(within: .seconds(60)) {
            try hub.store.read { try $0.application(id: "GX-MET-1")?.outcome } == .completed
        })
        #expect(try await eventually {
            (metrics.registry.value(of: HubMetrics.messagesIn, labels: ["topic": "retirement.applications"]) ?? 0) >= 2
        })
        // Counted just after the transaction that made the application final commits.
        #expect(try await eventually {
            (metrics.registry.value(of: HubMetrics.messagesIn, labels: ["topic": "retirement.replies.hrss"]) ?? 0) >= 4
        })
        #expect((metrics.registry.value(of: HubMetrics.messagesOut, labels: ["topic": "retirement.requests.police"]) ?? 0) >= 1)
        #expect((metrics.registry.value(of: HubMetrics.deadLetters, labels: ["code": "missing-header"]) ?? 0) == 1)
        let text = metrics.registry.render()
        #expect(text.contains("onething_applications{state=\"completed\"} 1"))
        #expect(text.contains("onething_outbox_depth"))
        #expect(text.contains("onething_matters_overdue 0"))
        #expect(hub.isHealthy)
        hub.stop()
        try await run.value
        await bed.shutdown()
    }

    /// Every partition of every input topic gets a lag line at scrape time, and once the
    /// hub has processed and committed everything, every line reads 0.
    @Test func consumerLagIsScrapedForEveryInputPartition() async throws {
        let bed = try HubTestBed(partitions: 2)
        var options = bed.options()
        let metrics = HubMetrics()
        options.metrics = metrics
        let hub = try HubService(options: options)
        let run = Task { try await hub.run() }
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-LAG-1"), id: "GX-LAG-1")
        _ = try await eventually {
            try hub.store.read { try $0.application(id: "GX-LAG-1")?.outcome } == .completed
        }
        let expected = hub.inputTopics.flatMap { topic in
            (0..<2).map { "onething_consumer_lag{partition=\"\($0)\",topic=\"\(topic)\"} 0" }
        }
        #expect(expected.count == 16)   // intake, five reply topics, repartition, orders; 2 partitions each
        let allZero = try await eventually(within: .seconds(30), every: .milliseconds(200)) {
            let lines = Set(metrics.registry.render().split(separator: "\n").map(String.init))
            return expected.allSatisfy(lines.contains)
        }
        let text = metrics.registry.render()
        #expect(allZero, "missing lag lines in:\n\(text)")
        #expect(text.contains("# TYPE onething_consumer_lag gauge"))
        hub.stop()
        try await run.value
        await bed.shutdown()
    }
}
