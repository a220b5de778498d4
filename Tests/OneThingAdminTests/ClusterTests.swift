import Foundation
import Testing
import OneThingCatalogueFiles
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingHub
import OneThingSimulator
@testable import OneThingAdmin
import OneThingTestSupport

/// hubctl against a cluster (`--bootstrap-servers`): two hubd instances in one group on
/// librdkafka's mock cluster, each owning one partition and keeping its own store. The
/// real hubctl executable answers for every application, whichever instance owns it
/// (read from the state topic), and its orders reach the owner over the orders topic.
@Suite(.serialized) struct ClusterTests {
    private func eventually(_ timeout: Duration = .seconds(60), _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
    }

    private static let fastGroupProperties: [String: String] = [
        "session.timeout.ms": "1500", "heartbeat.interval.ms": "300", "reconnect.backoff.max.ms": "500",
        "topic.metadata.refresh.interval.ms": "100", "log_level": "2", "fetch.wait.max.ms": "10",
    ]

    /// Generated applications until each of the two partitions owns at least one of each kind asked for.
    private static func owner(_ id: String) -> Int32 { KeyPartitioner.partition(forKey: id, partitionCount: 2) }

    @Test func hubctlSeesEveryApplicationAndItsOrdersReachTheOwner() async throws {
        let catalogue = try Catalogue.load(files: try CatalogueFiles.read(directory: checkoutCatalogue))
        let flow = try #require(catalogue.flows.first)
        let cluster = try MockCluster(brokers: 1)
        for topic in flow.topics.all { try cluster.createTopic(topic, partitions: 2, replicationFactor: 1) }
        let directory = try TemporaryDirectory()
        let configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: Self.fastGroupProperties)

        // Applications on both partitions: some that complete, some stuck on M09 (silence).
        var generator = ApplicationGenerator(seed: 7, idPrefix: "CLV")
        var completed: [GeneratedApplication] = [], stuck: [GeneratedApplication] = []
        while Set(completed.map { Self.owner($0.id) }).count < 2 || Set(stuck.map { Self.owner($0.id) }).count < 2 {
            completed.append(generator.make(ApplicationOptions(kind: .normal, group: .man, housingFund: true)))
            stuck.append(generator.make(ApplicationOptions(kind: .normal, group: .man, familyPlanning: true)))
        }
        let departments = try DepartmentSimulator(
            flow: flow, departments: flow.departments.map(\.code), configuration: configuration, groupID: "cluster-depts",
            behaviour: SimulatorBehaviour(approveRate: 1, rejectRate: 0, supplementRate: 0, acknowledgeFirst: true,
                                          rules: [MatterRule(matter: "M09", applicationIDs: Set(stuck.map(\.id)), action: .silence)]))
        departments.start()
        var hubs: [HubService] = [], runs: [Task<Void, Error>] = []
        for name in ["a", "b"] {
            var options = HubServiceOptions(bootstrapServers: cluster.bootstrapServers,
                                            storePath: directory.path("\(name).sqlite"), flow: flow)
            options.groupID = "cluster-hub"
            options.instanceID = "hub-\(name)"
            options.timeScale = 0.001
            options.kafkaProperties = Self.fastGroupProperties
            let hub = try HubService(options: options)
            hubs.append(hub)
            runs.append(Task { try await hub.run() })
        }
        defer { for hub in hubs { hub.stop() } }
        #expect(try await eventually { hubs[0].ownership.ownedPartitions == [0] && hubs[1].ownership.ownedPartitions == [1] })

        let channel = ChannelClient(flow: flow, producer: try KafkaProducer(configuration: configuration))
        for application in completed + stuck { try await channel.submit(application.document, applicationID: application.id) }
        func record(_ id: String) throws -> ApplicationRecord? {
            try hubs[Int(Self.owner(id))].store.read { try $0.application(id: id) }
        }
        for application in completed { #expect(try await eventually { try record(application.id)?.outcome == .completed }) }
        for application in stuck { #expect(try await eventually { try record(application.id)?.matter("M09")?.state == .sent }) }

        // Each store holds only its own partition's applications; hubctl sees them all.
        let brokers = cluster.bootstrapServers
        let everyone = Set((completed + stuck).map(\.id))
        #expect(try await eventually {
            let list = try Hubctl.run(["--bootstrap-servers", brokers, "list", "--limit", "1000", "--json"])
            guard list.status == 0 else { return false }
            let listed = try list.json().array("applications")
            let states = Dictionary(listed.compactMap { item in item.string("id").map { ($0, item.string("state") ?? "") } },
                                    uniquingKeysWith: { first, _ in first })
            return Set(states.keys) == everyone && completed.allSatisfy { states[$0.id] == "completed" }
        })
        for application in stuck {
            let show = try Hubctl.run(["--bootstrap-servers", brokers, "show", application.id, "--json"])
            #expect(show.status == 0, "\(show.standardError)")
            #expect(try show.json().array("matters").first { $0.string("matter") == "M09" }?.string("state") == "sent")
        }
        let stats = try Hubctl.run(["--bootstrap-servers", brokers, "stats", "--json"])
        #expect(stats.status == 0)
        #expect(try stats.json().object("endToEnd")?.int("finished") == completed.count)

        // Refusals as against a store: unknown, final; store-only options are usage errors.
        #expect(try Hubctl.run(["--bootstrap-servers", brokers, "show", "CLV-NOBODY"]).status == 1)
        #expect(try Hubctl.run(["--bootstrap-servers", brokers, "withdraw", completed[0].id, "--reason", "late"]).status == 1)
        #expect(try Hubctl.run(["--bootstrap-servers", brokers, "show", stuck[0].id, "--history"]).status == 2)
        #expect(try Hubctl.run(["--bootstrap-servers", brokers, "--store", directory.path("a.sqlite"), "list"]).status == 2)

        // Orders reach the owner of each application, whichever instance that is.
        for application in stuck {
            let resend = try Hubctl.run(["--bootstrap-servers", brokers, "resend", application.id, "M09", "--json"])
            #expect(resend.status == 0, "\(resend.standardError)")
            #expect(try resend.json().int("partition") == Int(Self.owner(application.id)))
        }
        for application in stuck {
            let owner = hubs[Int(Self.owner(application.id))]
            #expect(try await eventually {
                try owner.store.read { try $0.orders(applicationID: application.id) }.first?.result?.hasPrefix("Resent") == true
            })
            let withdraw = try Hubctl.run(["--bootstrap-servers", brokers, "withdraw", application.id,
                                           "--reason", "申请人撤回 applicant asked"])
            #expect(withdraw.status == 0, "\(withdraw.standardError)")
            #expect(withdraw.standardOutput.contains("partition \(Self.owner(application.id))"))
        }
        for application in stuck {
            #expect(try await eventually { try record(application.id)?.outcome == .withdrawn })
            let owner = hubs[Int(Self.owner(application.id))]
            let history = try owner.store.read { try $0.history(applicationID: application.id) }
            #expect(history.contains { $0.kind == "order-recorded" && $0.detail.contains("tester") && $0.detail.contains("withdrawal") })
            #expect(history.contains { $0.kind == "order-recorded" && $0.detail.contains("resend of M09") })
            // The other instance never held it.
            #expect(try hubs[1 - Int(Self.owner(application.id))].store.read { try $0.application(id: application.id) } == nil)
        }
        // And the cluster's view shows the owners' effects.
        #expect(try await eventually {
            let show = try Hubctl.run(["--bootstrap-servers", brokers, "show", stuck[0].id, "--json"])
            return try show.json().object("application")?.string("state") == "withdrawn"
        })
        #expect(try Hubctl.run(["--bootstrap-servers", brokers, "withdraw", stuck[0].id, "--reason", "twice"]).status == 1)

        for hub in hubs { hub.stop() }
        for run in runs { try await run.value }
        await departments.stop()
        await channel.producer.close(timeout: .seconds(2))
    }
}
