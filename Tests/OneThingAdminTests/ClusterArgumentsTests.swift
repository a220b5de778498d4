import Testing
import OneThingExchange
import OneThingSupport
@testable import OneThingAdmin

/// `--bootstrap-servers`: hubctl against the cluster instead of one store, and how it is
/// chosen beside `--store` and the environment.
@Suite struct ClusterArgumentsTests {
    private func invocation(_ arguments: [String], environment: [String: String] = [:]) throws -> HubctlInvocation {
        guard case .run(let invocation) = try HubctlArguments.parse(arguments, environment: environment) else {
            Issue.record("expected a run for \(arguments)")
            throw UsageError("not a run", usage: "")
        }
        return invocation
    }

    private func usageError(_ arguments: [String], environment: [String: String] = [:]) -> UsageError? {
        do {
            _ = try HubctlArguments.parse(arguments, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func bootstrapServersChooseTheCluster() throws {
        let run = try invocation(["--bootstrap-servers", "k1:9092,k2:9092", "--kafka", "security.protocol=SSL",
                                  "list", "--json"])
        #expect(run.storePath == nil)
        #expect(run.cluster == HubctlCluster(bootstrapServers: "k1:9092,k2:9092",
                                             kafkaProperties: ["security.protocol": "SSL"]))
        #expect(run.command == .list(state: nil, department: nil, limit: 50))
        #expect(run.json)
        let fromEnvironment = try invocation(["withdraw", "GX-1", "--reason", "asked"],
                                             environment: ["ONETHING_BOOTSTRAP_SERVERS": "env:9092",
                                                           "ONETHING_KAFKA": "sasl.mechanism=PLAIN"])
        #expect(fromEnvironment.cluster == HubctlCluster(bootstrapServers: "env:9092",
                                                         kafkaProperties: ["sasl.mechanism": "PLAIN"]))
    }

    /// One environment may serve hubd and hubctl: the store in it keeps meaning the store,
    /// as before; a flag chooses explicitly.
    @Test func theStoreWinsInTheEnvironmentAndAFlagWinsOverIt() throws {
        let both = ["ONETHING_STORE": "/var/lib/hub/hub.sqlite", "ONETHING_BOOTSTRAP_SERVERS": "env:9092"]
        let plain = try invocation(["stats"], environment: both)
        #expect(plain.storePath == "/var/lib/hub/hub.sqlite" && plain.cluster == nil)
        let cluster = try invocation(["stats", "--bootstrap-servers", "k:9092"], environment: both)
        #expect(cluster.storePath == nil && cluster.cluster?.bootstrapServers == "k:9092")
        let store = try invocation(["stats", "--store", "/flag.db"], environment: both)
        #expect(store.storePath == "/flag.db" && store.cluster == nil)
        #expect(usageError(["stats", "--store", "/s.db", "--bootstrap-servers", "k:9092"])?.message.contains("not both") == true)
    }

    /// What only one instance's store holds is refused against the cluster, with where to go.
    @Test func storeOnlyCommandsAreRefusedAgainstTheCluster() {
        let cluster = ["--bootstrap-servers", "k:9092"]
        #expect(usageError(cluster + ["show", "GX-1", "--history"])?.message.contains("--store") == true)
        #expect(usageError(cluster + ["show", "GX-1", "--reveal", "--operator", "王五", "--reason", "case 7"])?.message.contains("recorded") == true)
        #expect(usageError(cluster + ["deadletters"])?.message.contains("dead-letter topic") == true)
        #expect(usageError(["list"])?.message.contains("--bootstrap-servers") == true)
    }
}
