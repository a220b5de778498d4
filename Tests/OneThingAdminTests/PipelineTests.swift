import Foundation
import Testing
import OneThingCatalogueFiles
import OneThingCrypto
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingHub
import OneThingSimulator
@testable import OneThingAdmin
import OneThingTestSupport

/// hubctl against a store written by the real pipeline: `HubService` over librdkafka's
/// mock cluster with simulated departments, while it keeps running. Orders recorded by
/// hubctl are carried out by that running hub.
@Suite(.serialized) struct PipelineTests {
    /// Polls `condition` every 20 ms until it holds or `timeout` passes.
    private func eventually(_ timeout: Duration = .seconds(30), _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    private static let fastGroupProperties: [String: String] = [
        "session.timeout.ms": "1500", "heartbeat.interval.ms": "300", "reconnect.backoff.max.ms": "500",
        "topic.metadata.refresh.interval.ms": "100", "log_level": "2", "fetch.wait.max.ms": "10",
    ]

    private func loadFlow() throws -> Flow {
        let catalogue = try Catalogue.load(files: try CatalogueFiles.read(directory: checkoutCatalogue))
        return try #require(catalogue.flows.first)
    }

    @Test func hubctlReadsAndStearsARunningHub() async throws {
        let flow = try loadFlow()
        let cluster = try MockCluster(brokers: 1)
        for topic in flow.topics.all {
            try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        }
        let directory = try TemporaryDirectory()
        let storePath = directory.path("hub.sqlite")
        let configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: Self.fastGroupProperties)

        var generator = ApplicationGenerator(seed: 42, idPrefix: "ADM")
        let completed = generator.make(ApplicationOptions(kind: .normal, group: .man, housingFund: true))
        let rejected = generator.make(ApplicationOptions(kind: .normal, group: .womanWorker))
        let stuck = generator.make(ApplicationOptions(kind: .normal, group: .man, familyPlanning: true))

        let departments = try DepartmentSimulator(
            flow: flow, departments: flow.departments.map(\.code), configuration: configuration, groupID: "admin-depts",
            behaviour: SimulatorBehaviour(approveRate: 1, rejectRate: 0, supplementRate: 0, acknowledgeFirst: true,
                                          rules: [.rejects("M10", applications: [rejected.id]),
                                                  MatterRule(matter: "M09", applicationIDs: [stuck.id], action: .silence)]))
        departments.start()
        var options = HubServiceOptions(bootstrapServers: cluster.bootstrapServers, storePath: storePath, flow: flow)
        options.groupID = "admin-hub"
        options.timeScale = 0.001          // 15 days -> 21.6 min; 1 day -> 86 s; ack timeout -> 0.6 s
        options.kafkaProperties = Self.fastGroupProperties
        let keys = KeyDirectory(path: directory.path("keys"))
        var evidence = EvidenceSettings(checkpointKey: try keys.generate(for: "/hub", algorithm: .sm2))
        evidence.checkpointInterval = .seconds(1)
        options.evidence = evidence
        let hub = try HubService(options: options)
        let running = Task { try await hub.run() }
        let channel = ChannelClient(flow: flow, producer: try KafkaProducer(configuration: configuration))
        defer { hub.stop() }

        for application in [completed, rejected, stuck] {
            try await channel.submit(application.document, applicationID: application.id)
        }
        let store = try CorrelationStore(path: storePath, readOnly: true)
        func record(_ id: String) throws -> ApplicationRecord? { try store.read { try $0.application(id: id) } }
        #expect(try await eventually { try record(completed.id)?.outcome == .completed })
        #expect(try await eventually { try record(rejected.id)?.outcome == .rejected })
        #expect(try await eventually { try record(stuck.id)?.matter("M09")?.state == .sent })

        // list / show / stats on the live store.
        let list = try Hubctl.run(["--store", storePath, "list", "--json"])
        #expect(list.status == 0)
        #expect(Set(try list.json().array("applications").compactMap { $0.string("id") }) == [completed.id, rejected.id, stuck.id])
        let show = try Hubctl.run(["--store", storePath, "show", completed.id])
        #expect(show.status == 0)
        let idNumber = try #require(completed.document[path: "applicant.idNumber"]?.stringValue)
        let name = try #require(completed.document[path: "applicant.name"]?.stringValue)
        #expect(!show.standardOutput.contains(idNumber) && !show.standardOutput.contains(name))
        #expect(show.standardOutput.contains(OneThingExchange.PersonalDataMask.idNumber.apply(to: idNumber)))
        #expect(show.standardOutput.contains("  state       completed") || show.standardOutput.contains("  state           completed"))
        #expect(section("Matter graph", in: show.standardOutput).first?.contains("M10") == true)
        let stats = try Hubctl.run(["--store", storePath, "stats", "--json"]).json()
        let police = try #require(stats.array("matters").first { $0.string("matter") == "M10" })
        #expect(police.int("count") == 3)
        #expect(police.int("approved") == 2)
        #expect(police.int("rejected") == 1)
        #expect(stats.object("endToEnd")?.int("finished") == 2)
        #expect(stats.object("endToEnd")?.int("withinDeadline") == 2)

        // Orders: refused when pointless, carried out by the running hub otherwise.
        let finalResend = try Hubctl.run(["--store", storePath, "resend", completed.id, "M10"])
        #expect(finalResend.status == 1)
        let resend = try Hubctl.run(["--store", storePath, "resend", stuck.id, "M09"])
        #expect(resend.status == 0, "\(resend.standardError)")
        #expect(try await eventually { try store.read { try $0.pendingOrders() }.isEmpty })
        let resent = try store.read { try $0.orders(applicationID: stuck.id) }
        #expect(resent.first?.result?.hasPrefix("Resent") == true, "\(resent)")

        let withdraw = try Hubctl.run(["--store", storePath, "withdraw", stuck.id, "--reason", "申请人撤回 applicant asked"])
        #expect(withdraw.status == 0)
        #expect(withdraw.standardOutput.contains("lists it until it is done"))
        #expect(try await eventually { try record(stuck.id)?.outcome == .withdrawn })
        let afterwards = try Hubctl.run(["--store", storePath, "show", stuck.id, "--json", "--history"]).json()
        #expect(afterwards.array("pendingOrders").isEmpty)
        #expect(afterwards.object("application")?.string("state") == "withdrawn")
        #expect(afterwards.array("matters").first { $0.string("matter") == "M09" }?.string("state") == "cancelled")
        #expect(afterwards.array("history").contains { $0.string("kind") == "order-recorded" })
        let again = try Hubctl.run(["--store", storePath, "withdraw", stuck.id, "--reason", "twice"])
        #expect(again.status == 1)

        // The evidence log: what was exchanged for an application, and the chain verified
        // with the hub's key once a checkpoint vouches for it.
        let evidenceRows = try Hubctl.run(["--store", storePath, "evidence", completed.id, "--json"]).json().array("rows")
        let consumed = evidenceRows.filter { $0.string("kind") == "consumed" }
        let produced = evidenceRows.filter { $0.string("kind") == "produced" }
        #expect(consumed.first?.string("topic") == "retirement.applications")
        #expect(consumed.first?.string("signer") == "/channels/online")
        #expect(consumed.contains { $0.string("signer") == "/departments/police" && $0.string("eventType") == "gov.onething.retirement.reply" })
        #expect(produced.contains { $0.string("eventId") == "\(completed.id):M10:r1" && $0.string("topic") == "retirement.requests.police" })
        #expect(produced.contains { $0.string("topic") == "retirement.status" })
        #expect(evidenceRows.allSatisfy { ($0.string("digest") ?? "").count == 64 })
        #expect(try await eventually {
            try Hubctl.run(["--store", storePath, "verify", "--keys", keys.path, "--json"]).json().int("checkpoints") ?? 0 >= 1
        })
        let revealed = try Hubctl.run(["--store", storePath, "show", completed.id, "--reveal", "--operator", "张三", "--reason", "核查"])
        #expect(revealed.status == 0)
        let withReveal = try Hubctl.run(["--store", storePath, "evidence", completed.id]).standardOutput
        #expect(withReveal.contains("reveal") && withReveal.contains("张三"))

        hub.stop()
        try await running.value
        let verified = try Hubctl.run(["--store", storePath, "verify", "--keys", keys.path])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.hasPrefix("The evidence chain holds:"))
        // A row changed behind the hub's back is the first broken link.
        let tampered = try #require(try store.read { try $0.evidence(applicationID: completed.id) }.first { $0.kind == .produced })
        try SQLiteShell.run(storePath, "UPDATE evidence SET digest = '\(String(repeating: "0", count: 64))' WHERE seq = \(tampered.seq)")
        let broken = try Hubctl.run(["--store", storePath, "verify", "--keys", keys.path])
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("the evidence chain is broken at row \(tampered.seq): its content does not match its hash"),
                "\(broken.standardError)")
        await departments.stop()
        await channel.producer.close(timeout: .seconds(2))
    }
}
