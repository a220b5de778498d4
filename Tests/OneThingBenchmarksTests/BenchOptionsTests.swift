import Testing
@testable import OneThingBenchmarks

@Suite("Options")
struct BenchOptionsTests {
    private func parse(_ arguments: [String]) throws -> BenchOptions? { try BenchOptions.parse(arguments) }

    private func problem(_ arguments: [String]) -> String? {
        do {
            _ = try BenchOptions.parse(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func noArgumentsGiveTheDefaults() throws {
        let options = try #require(try parse([]))
        #expect(options.applications == 20_000)
        #expect(options.partitions == 3)
        #expect(options.window == 2_000)
        #expect(options.restartApplications == 100_000)
        #expect(!options.skipRestart && !options.logicOnly && !options.json)
        #expect(options.outputDirectory == ".build/bench")
        #expect(options.recordInto.isEmpty)
        #expect(options.storePhase == nil)
    }

    @Test func everyFlagIsRead() throws {
        let options = try #require(try parse([
            "--applications", "1000", "--time-scale", "0.5", "--store", "/tmp/s.sqlite", "--skip-restart",
            "--restart-applications", "500", "--partitions", "12", "--window", "300", "--hub-batch-size", "100",
            "--latency-rate", "250", "--catalogue", "Topics", "--hub-kafka-property", "linger.ms=5",
            "--hub-kafka-property", "a=b=c", "--json", "--output", "/tmp/out", "--record", "README.md",
            "--record", "Bench.md", "--logic-only",
        ]))
        #expect(options.applications == 1_000)
        #expect(options.timeScale == 0.5)
        #expect(options.storePath == "/tmp/s.sqlite")
        #expect(options.skipRestart)
        #expect(options.restartApplications == 500)
        #expect(options.partitions == 12)
        #expect(options.window == 300)
        #expect(options.hubBatchSize == 100)
        #expect(options.latencyRate == 250)
        #expect(options.catalogueDirectory == "Topics")
        #expect(options.hubKafkaProperties == ["linger.ms": "5", "a": "b=c"])
        #expect(options.json)
        #expect(options.outputDirectory == "/tmp/out")
        #expect(options.recordInto == ["README.md", "Bench.md"])
        #expect(options.logicOnly)
    }

    @Test func helpAnywhereAsksForTheUsage() throws {
        #expect(try parse(["--applications", "5", "--help"]) == nil)
        #expect(try parse(["-h"]) == nil)
    }

    @Test(arguments: [
        (["--applications"], "--applications needs a value"),
        (["--applications", "0"], "--applications expects a whole number from 1 to 10000000, got '0'"),
        (["--window", "many"], "--window expects a whole number from 1 to 10000000, got 'many'"),
        (["--partitions", "257"], "--partitions expects a whole number from 1 to 256, got '257'"),
        (["--time-scale", "0"], "--time-scale expects a number from 1e-09 to 1000000, got '0'"),
        (["--hub-kafka-property", "=x"], "--hub-kafka-property expects KEY=VALUE with a non-empty key, got '=x'"),
        (["--record"], "--record needs a value"),
        (["--window", "5", "--window", "6"], "--window given more than once"),
        (["--json=yes"], "--json takes no value"),
        (["--bogus"], "unknown flag '--bogus'"),
        (["bench"], "unexpected argument 'bench'"),
    ])
    func usageErrorsSayWhatIsWrong(arguments: [String], message: String) {
        #expect(problem(arguments) == message)
    }

    @Test func theUsageNamesEveryPublicFlagButNotTheChildsOwn() {
        for flag in ["--applications", "--skip-restart", "--json", "--output", "--record", "--logic-only", "--latency-rate"] {
            #expect(BenchOptions.usage.contains(flag), "\(flag)")
        }
        #expect(!BenchOptions.usage.contains("--store-phase"))
    }
}
