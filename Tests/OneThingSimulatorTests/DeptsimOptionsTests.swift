import OneThingSupport
import Testing
@testable import OneThingSimulator

@Suite struct DeptsimOptionsTests {
    func options(_ arguments: [String], _ environment: [String: String] = [:]) throws -> DeptsimOptions {
        guard case .run(let options) = try DeptsimOptions.parse(arguments, environment: environment) else {
            throw UsageError("asked for help", usage: "")
        }
        return options
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let parsed = try options(
            ["--bootstrap-servers", "a:1", "--departments", "hrss, police", "--reject-rate=0.2", "--ack-first",
             "--delay-ms", "40", "--seed", "9", "--kafka", "security.protocol=SSL", "--kafka", "linger.ms=1"],
            ["DEPTSIM_BOOTSTRAP_SERVERS": "b:2", "DEPTSIM_SUPPLEMENT_RATE": "0.1", "DEPTSIM_KAFKA": "linger.ms=9,acks=all",
             "DEPTSIM_GROUP_ID": "g"])
        #expect(parsed.bootstrapServers == "a:1")
        #expect(parsed.departments == ["hrss", "police"])
        #expect(parsed.rejectRate == 0.2 && parsed.supplementRate == 0.1)
        #expect(parsed.acknowledgeFirst && parsed.delayMilliseconds == 40 && parsed.seed == 9)
        #expect(parsed.groupID == "g")
        #expect(parsed.kafka == ["security.protocol": "SSL", "linger.ms": "1", "acks": "all"])
        let behaviour = parsed.behaviour(seed: 9)
        #expect(abs(behaviour.approveRate - 0.7) < 1e-9)
        #expect(behaviour.delay == .milliseconds(40))
    }

    @Test func rulesForceOutcomesByMatterAndApplicationPrefix() throws {
        let parsed = try options(["--bootstrap-servers", "a:1", "--rule", "M10=reject@E2E-R", "--rule", "M08=supplement"],
                                 ["DEPTSIM_RULES": "M06=silence"])
        #expect(parsed.rules.count == 3)
        let behaviour = parsed.behaviour(seed: 1)
        #expect(behaviour.rule(department: "police", matter: "M10", applicationID: "E2E-R1")?.action
                == .reject(reason: "信息不一致 details do not match our records"))
        #expect(behaviour.rule(department: "police", matter: "M10", applicationID: "E2E-B1") == nil)
        #expect(behaviour.rule(department: "hpf", matter: "M08", applicationID: "X")?.action
                == .supplement(reason: "需补充材料 please supply the missing documents"))
        #expect(behaviour.rule(department: "medicare", matter: "M06", applicationID: "X")?.action == .silence)
    }

    @Test func theEnvironmentAloneIsEnough() throws {
        let parsed = try options([], ["DEPTSIM_BOOTSTRAP_SERVERS": "k:9092", "DEPTSIM_ACK_FIRST": "true"])
        #expect(parsed.bootstrapServers == "k:9092" && parsed.acknowledgeFirst && parsed.departments == nil)
    }

    /// deptsim reads its own prefix only: a shell that also runs hubd (ONETHING_*) does
    /// not point the simulated departments at the hub's settings.
    @Test func theHubsEnvironmentIsNotRead() throws {
        #expect(throws: UsageError("missing --bootstrap-servers (or DEPTSIM_BOOTSTRAP_SERVERS)", usage: DeptsimOptions.usage)) {
            _ = try DeptsimOptions.parse([], environment: ["ONETHING_BOOTSTRAP_SERVERS": "k:9092"])
        }
        let parsed = try options(["--bootstrap-servers", "a:1"], ["ONETHING_SEED": "4", "DEPTSIM_SEED": "5", "DEPTSIM_FLOW": ""])
        #expect(parsed.seed == 5)
        #expect(parsed.flow == "retirement", "an empty variable counts as unset")
    }

    @Test func helpIsRecognised() throws {
        #expect(try DeptsimOptions.parse(["--bootstrap-servers", "a:1", "--help"], environment: [:]) == .help)
    }

    @Test(arguments: [
        [String](),
        ["--bootstrap-servers"],
        ["--bootstrap-servers", "a:1", "--reject-rate", "1.5"],
        ["--bootstrap-servers", "a:1", "--reject-rate", "0.6", "--supplement-rate", "0.6"],
        ["--bootstrap-servers", "a:1", "--delay-ms", "-3"],
        ["--bootstrap-servers", "a:1", "--seed", "x"],
        ["--bootstrap-servers", "a:1", "--kafka", "novalue"],
        ["--bootstrap-servers", "a:1", "--departments", " , "],
        ["--bootstrap-servers", "a:1", "--colour", "red"],
        ["--bootstrap-servers", "a:1", "stray"],
        ["--bootstrap-servers", "a:1", "--ack-first=yes"],
        ["--bootstrap-servers", "a:1", "--rule", "M10=maybe"],
        ["--bootstrap-servers", "a:1", "--rule", "M10=reject@"],
        ["--bootstrap-servers", "a:1", "--rule", "=reject"],
        ["--bootstrap-servers", "a:1", "--seed", "1", "--seed", "2"],
    ])
    func badCommandLinesAreUsageErrors(arguments: [String]) {
        #expect(throws: UsageError.self) { _ = try DeptsimOptions.parse(arguments, environment: [:]) }
    }
}
