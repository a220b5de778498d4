import OneThingSupport
import Testing
@testable import OneThingHub

@Suite("hubd run --max-message-bytes")
struct MaxMessageBytesFlagTests {
    private let minimalRun = ["run", "--bootstrap-servers", "localhost:9092", "--store", "/tmp/hub.db"]

    private func configuration(_ arguments: [String], _ environment: [String: String] = [:]) throws -> HubConfiguration? {
        guard case .run(let configuration) = try HubCommandLine.parse(arguments: arguments, environment: environment) else {
            return nil
        }
        return configuration
    }

    @Test func defaultsTo256KiB() throws {
        #expect(try configuration(minimalRun)?.maxMessageBytes == 262_144)
        #expect(MessageSizeLimit.defaultMaxMessageBytes == 256 * 1024)
    }

    @Test func readsTheFlagAndTheEnvironmentAndTheFlagWins() throws {
        #expect(try configuration(minimalRun + ["--max-message-bytes", "65536"])?.maxMessageBytes == 65_536)
        #expect(try configuration(minimalRun, ["ONETHING_MAX_MESSAGE_BYTES": "100000"])?.maxMessageBytes == 100_000)
        #expect(try configuration(minimalRun + ["--max-message-bytes=70000"],
                                  ["ONETHING_MAX_MESSAGE_BYTES": "100000"])?.maxMessageBytes == 70_000)
    }

    @Test func refusesNonsense() {
        for value in ["0", "12", "-5", "lots"] {
            #expect(throws: UsageError.self) { try configuration(minimalRun + ["--max-message-bytes", value]) }
        }
    }

    @Test func theUsageTextNamesIt() {
        #expect(HubUsage.run.contains("--max-message-bytes"))
        #expect(HubUsage.run.contains("ONETHING_MAX_MESSAGE_BYTES"))
        #expect(HubUsage.run.contains("262144"))
    }

    /// The options of `hubd run` carry the limit to the pipeline.
    @Test func theServiceOptionsTakeIt() throws {
        var settings = HubConfiguration(bootstrapServers: "h:1", storePath: "/tmp/x")
        settings.maxMessageBytes = 4_096
        let options = HubServiceOptions(configuration: settings, flow: TestFlow.retirement,
                                        logger: HubLogger(minimumLevel: .critical), metrics: nil)
        #expect(options.maxMessageBytes == 4_096)
    }
}
