import OneThingSupport
import Testing
@testable import OneThingHub

@Suite struct OpsCommandLineTests {
    private let minimalRun = ["run", "--bootstrap-servers", "localhost:9092", "--store", "/tmp/hub.db"]

    private func parse(_ arguments: [String], _ environment: [String: String] = [:]) throws -> HubCommand {
        try HubCommandLine.parse(arguments: arguments, environment: environment)
    }

    private func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> HubConfiguration {
        guard case .run(let configuration) = try parse(arguments, environment) else {
            Issue.record("not a run command")
            throw UsageError("not run", usage: "")
        }
        return configuration
    }

    private func usageError(_ arguments: [String], _ environment: [String: String] = [:]) -> UsageError? {
        do {
            _ = try HubCommandLine.parse(arguments: arguments, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func runWithOnlyRequiredFlagsTakesTheDefaults() throws {
        let configuration = try run(minimalRun)
        #expect(configuration == HubConfiguration(bootstrapServers: "localhost:9092", storePath: "/tmp/hub.db"))
        #expect(configuration.groupID == "onething-hub")
        #expect(configuration.instanceID == nil)
        #expect(configuration.timeScale == 1)
        #expect(configuration.logFormat == .text)
        #expect(configuration.logLevel == .info)
        #expect(configuration.metricsPort == nil)
        #expect(configuration.catalogueDirectory == nil)
        #expect(configuration.kafkaProperties.isEmpty)
    }

    @Test func runReadsEveryFlag() throws {
        let configuration = try run([
            "run", "--bootstrap-servers", "a:9092, b:9093", "--store", "hub.db", "--catalogue", "/srv/Topics",
            "--group-id", "hub-2", "--instance-id", "hub-b", "--time-scale", "0.00001", "--kafka", "security.protocol=SASL_SSL",
            "--kafka", "sasl.mechanism=PLAIN", "--metrics-port", "9464", "--log-format", "json", "--log-level", "debug",
        ])
        #expect(configuration.bootstrapServers == "a:9092,b:9093")
        #expect(configuration.storePath == "hub.db")
        #expect(configuration.catalogueDirectory == "/srv/Topics")
        #expect(configuration.groupID == "hub-2")
        #expect(configuration.instanceID == "hub-b")
        #expect(configuration.timeScale == 0.00001)
        #expect(configuration.kafkaProperties == ["security.protocol": "SASL_SSL", "sasl.mechanism": "PLAIN"])
        #expect(configuration.metricsPort == 9464)
        #expect(configuration.logFormat == .json)
        #expect(configuration.logLevel == .debug)
    }

    @Test func healthLimitsFromFlagsOrTheEnvironment() throws {
        let defaults = try run(minimalRun)
        #expect(defaults.healthStallSeconds == 30)
        #expect(defaults.healthOutboxAgeSeconds == 120)
        let given = try run(minimalRun + ["--health-stall-seconds", "5"], ["ONETHING_HEALTH_OUTBOX_AGE_SECONDS": "600",
                                                                         "ONETHING_HEALTH_STALL_SECONDS": "9"])
        #expect(given.healthStallSeconds == 5)
        #expect(given.healthOutboxAgeSeconds == 600)
        #expect(throws: UsageError.self) { try run(minimalRun + ["--health-stall-seconds", "0"]) }
        #expect(throws: UsageError.self) { try run(minimalRun + ["--health-outbox-age-seconds", "soon"]) }
    }

    @Test func equalsFormIsTheSameAsSeparateValue() throws {
        let configuration = try run([
            "run", "--bootstrap-servers=h:1", "--store=s.db", "--time-scale=2.5", "--kafka=a.b=c=d",
            "--metrics-port=0", "--log-level=WARNING",
        ])
        #expect(configuration.bootstrapServers == "h:1")
        #expect(configuration.storePath == "s.db")
        #expect(configuration.timeScale == 2.5)
        #expect(configuration.kafkaProperties == ["a.b": "c=d"])
        #expect(configuration.metricsPort == 0)
        #expect(configuration.logLevel == .warning)
    }

    @Test func everyRunFlagFallsBackToTheEnvironment() throws {
        let configuration = try run(["run"], [
            "ONETHING_BOOTSTRAP_SERVERS": "env:9092", "ONETHING_STORE": "/env/hub.db",
            "ONETHING_CATALOGUE": "/env/Topics", "ONETHING_GROUP_ID": "env-group", "ONETHING_INSTANCE_ID": "hub-c",
            "ONETHING_TIME_SCALE": "0.5", "ONETHING_KAFKA": "acks=all, linger.ms=5",
            "ONETHING_METRICS_PORT": "9100", "ONETHING_LOG_FORMAT": "json", "ONETHING_LOG_LEVEL": "error",
        ])
        #expect(configuration == HubConfiguration(
            bootstrapServers: "env:9092", storePath: "/env/hub.db", catalogueDirectory: "/env/Topics",
            groupID: "env-group", instanceID: "hub-c", timeScale: 0.5, kafkaProperties: ["acks": "all", "linger.ms": "5"],
            metricsPort: 9100, logFormat: .json, logLevel: .error))
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let configuration = try run(minimalRun + ["--time-scale", "3", "--kafka", "acks=1", "--log-format", "text"], [
            "ONETHING_BOOTSTRAP_SERVERS": "env:9092", "ONETHING_STORE": "/env/hub.db",
            "ONETHING_TIME_SCALE": "0.5", "ONETHING_KAFKA": "acks=all,linger.ms=5", "ONETHING_LOG_FORMAT": "json",
        ])
        #expect(configuration.bootstrapServers == "localhost:9092")
        #expect(configuration.storePath == "/tmp/hub.db")
        #expect(configuration.timeScale == 3)
        #expect(configuration.kafkaProperties == ["acks": "1", "linger.ms": "5"])
        #expect(configuration.logFormat == .text)
    }

    @Test func kafkaEnvironmentListMayBeNewlineSeparatedWithCommasInValues() throws {
        let configuration = try run(minimalRun, ["ONETHING_KAFKA": "sasl.jaas.config=a,b\n\nssl.ca.location=/ca.pem\n"])
        #expect(configuration.kafkaProperties == ["sasl.jaas.config": "a,b", "ssl.ca.location": "/ca.pem"])
    }

    @Test func emptyEnvironmentValuesCountAsUnset() throws {
        let error = usageError(["run", "--bootstrap-servers", "h:1"], ["ONETHING_STORE": ""])
        #expect(error?.message == "missing --store (or ONETHING_STORE)")
        let configuration = try run(minimalRun, ["ONETHING_TIME_SCALE": "", "ONETHING_KAFKA": ""])
        #expect(configuration.timeScale == 1)
    }

    @Test(arguments: [
        (["run", "--store", "s"], "missing --bootstrap-servers (or ONETHING_BOOTSTRAP_SERVERS)"),
        (["run", "--bootstrap-servers", "h:1"], "missing --store (or ONETHING_STORE)"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--colour"], "unknown flag '--colour'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--colour=red"], "unknown flag '--colour'"),
        (["run", "--bootstrap-servers", "h:1", "--store"], "--store needs a value"),
        (["run", "--store", "--bootstrap-servers", "h:1"], "--store needs a value"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "extra"], "unexpected argument 'extra'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--store", "t"], "--store given more than once"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--time-scale", "0"],
         "--time-scale must be greater than 0, got '0'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--time-scale", "-1"],
         "--time-scale must be greater than 0, got '-1'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--time-scale", "fast"],
         "--time-scale expects a number, got 'fast'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--time-scale", "inf"],
         "--time-scale expects a number, got 'inf'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--metrics-port", "70000"],
         "--metrics-port expects a whole number from 0 to 65535, got '70000'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--metrics-port", "9x"],
         "--metrics-port expects a whole number from 0 to 65535, got '9x'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--kafka", "novalue"],
         "--kafka expects KEY=VALUE, got 'novalue'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--kafka", "=v"],
         "--kafka expects KEY=VALUE with a non-empty key, got '=v'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--log-format", "xml"],
         "--log-format expects json or text, got 'xml'"),
        (["run", "--bootstrap-servers", "h:1", "--store", "s", "--log-level", "loud"],
         "--log-level expects one of trace, debug, info, notice, warning, error, critical, got 'loud'"),
        (["run", "--bootstrap-servers", "localhost", "--store", "s"],
         "--bootstrap-servers expects HOST:PORT[,HOST:PORT], got 'localhost'"),
        (["run", "--bootstrap-servers", "h:1,", "--store", "s"],
         "--bootstrap-servers expects HOST:PORT[,HOST:PORT], got 'h:1,'"),
        (["run", "--bootstrap-servers", "h:0", "--store", "s"],
         "--bootstrap-servers expects HOST:PORT[,HOST:PORT], got 'h:0'"),
        (["run", "--bootstrap-servers", "h:1", "--store="], "--store must not be empty"),
        ([], "missing command"),
        (["serve"], "unknown command 'serve'"),
        (["bench"], "unknown command 'bench'"),   // the benchmark is onething-bench
        (["topics"], "missing topics command (create)"),
        (["topics", "delete"], "unknown topics command 'delete'"),
        (["topics", "create"], "missing --bootstrap-servers (or ONETHING_BOOTSTRAP_SERVERS)"),
        (["topics", "create", "--bootstrap-servers", "h:1", "--partitions", "0"],
         "--partitions expects a whole number from 1 to 2147483647, got '0'"),
        (["topics", "create", "--bootstrap-servers", "h:1", "--replication-factor", "40000"],
         "--replication-factor expects a whole number from 1 to 32767, got '40000'"),
        (["topics", "create", "--bootstrap-servers", "h:1", "--store", "s"], "unknown flag '--store'"),
        (["demo", "--applications", "0"], "--applications expects a whole number from 1 to 1000000, got '0'"),
        (["demo", "--seed", "-3"], "--seed expects a whole number from 0 to 18446744073709551615, got '-3'"),
        (["demo", "--bootstrap-servers", "h:1"], "unknown flag '--bootstrap-servers'"),
    ])
    func usageErrorsAreOneLineMessages(arguments: [String], message: String) {
        let error = usageError(arguments)
        #expect(error?.message == message)
        #expect(error?.message.contains("\n") == false)
        #expect(error?.usage.hasPrefix("usage: hubd") == true)
    }

    @Test func environmentErrorsNameTheVariable() {
        let base = ["ONETHING_BOOTSTRAP_SERVERS": "h:1", "ONETHING_STORE": "s"]
        #expect(usageError(["run"], base.merging(["ONETHING_TIME_SCALE": "0"]) { $1 })?.message
            == "ONETHING_TIME_SCALE must be greater than 0, got '0'")
        #expect(usageError(["run"], base.merging(["ONETHING_KAFKA": "acks=all,oops"]) { $1 })?.message
            == "ONETHING_KAFKA expects KEY=VALUE, got 'oops'")
        #expect(usageError(["run"], base.merging(["ONETHING_METRICS_PORT": "-1"]) { $1 })?.message
            == "ONETHING_METRICS_PORT expects a whole number from 0 to 65535, got '-1'")
        #expect(usageError(["topics", "create"], base.merging(["ONETHING_PARTITIONS": "many"]) { $1 })?.message
            == "ONETHING_PARTITIONS expects a whole number from 1 to 2147483647, got 'many'")
    }

    @Test func errorsCarryTheUsageOfTheirCommand() {
        #expect(usageError(["run"])?.usage == HubUsage.run)
        #expect(usageError(["topics", "create"])?.usage == HubUsage.topics)
        #expect(usageError(["demo", "--nope"])?.usage == HubUsage.demo)
        #expect(usageError(["nope"])?.usage == HubUsage.tool)
    }

    @Test func helpOnTheToolAndEachCommand() throws {
        #expect(try parse(["--help"]) == .help(usage: HubUsage.tool))
        #expect(try parse(["-h"]) == .help(usage: HubUsage.tool))
        #expect(try parse(["help"]) == .help(usage: HubUsage.tool))
        #expect(try parse(["run", "--help"]) == .help(usage: HubUsage.run))
        #expect(try parse(["run", "--store", "s", "-h"]) == .help(usage: HubUsage.run))
        #expect(try parse(["topics", "--help"]) == .help(usage: HubUsage.topics))
        #expect(try parse(["topics", "create", "-h"]) == .help(usage: HubUsage.topics))
        #expect(try parse(["demo", "--help"]) == .help(usage: HubUsage.demo))
        #expect(HubUsage.run.contains("--bootstrap-servers HOST:PORT[,HOST:PORT] --store PATH"))
    }

    @Test func topicsCreateDefaultsAndFlags() throws {
        #expect(try parse(["topics", "create", "--bootstrap-servers", "h:1"])
            == .createTopics(HubTopicsConfiguration(bootstrapServers: "h:1", partitions: 3, replicationFactor: 1)))
        #expect(try parse(["topics", "create", "--bootstrap-servers", "h:1", "--partitions", "12",
                           "--replication-factor=3", "--catalogue", "T", "--kafka", "acks=all"])
            == .createTopics(HubTopicsConfiguration(bootstrapServers: "h:1", partitions: 12, replicationFactor: 3,
                                                    catalogueDirectory: "T", kafkaProperties: ["acks": "all"])))
        #expect(try parse(["topics", "create"], [
            "ONETHING_BOOTSTRAP_SERVERS": "e:1", "ONETHING_PARTITIONS": "6", "ONETHING_REPLICATION_FACTOR": "2",
        ]) == .createTopics(HubTopicsConfiguration(bootstrapServers: "e:1", partitions: 6, replicationFactor: 2)))
    }

    @Test func demoDefaultsFlagsAndEnvironment() throws {
        #expect(try parse(["demo"]) == .demo(HubDemoConfiguration()))
        #expect(HubDemoConfiguration().applications == 300)
        #expect(try parse(["demo", "--applications", "50", "--time-scale", "0.0001", "--store", "d.db",
                           "--seed", "42", "--catalogue", "T", "--metrics-port", "0"])
            == .demo(HubDemoConfiguration(applications: 50, timeScale: 0.0001, storePath: "d.db", seed: 42,
                                          catalogueDirectory: "T", metricsPort: 0)))
        #expect(try parse(["demo", "--applications", "7"], [
            "ONETHING_APPLICATIONS": "9", "ONETHING_SEED": "5", "ONETHING_TIME_SCALE": "0.01",
        ]) == .demo(HubDemoConfiguration(applications: 7, timeScale: 0.01, seed: 5)))
    }

    @Test func environmentVariablesOfOtherCommandsAreIgnored() throws {
        let configuration = try run(minimalRun, ["ONETHING_PARTITIONS": "nonsense", "ONETHING_APPLICATIONS": "x"])
        #expect(configuration.storePath == "/tmp/hub.db")
    }

    @Test func bootstrapServersAcceptSchemesAndIPv6() throws {
        let configuration = try run(["run", "--bootstrap-servers", "PLAINTEXT://[::1]:9092,10.0.0.1:9093", "--store", "s"])
        #expect(configuration.bootstrapServers == "PLAINTEXT://[::1]:9092,10.0.0.1:9093")
    }
}
