import OneThingStore
import OneThingSupport
import Testing
@testable import OneThingHub

@Suite("hubd run --retention-days, --archive-dir, --record-cache-bytes")
struct RetentionFlagsTests {
    private let minimalRun = ["run", "--bootstrap-servers", "localhost:9092", "--store", "/tmp/hub.db"]

    private func configuration(_ arguments: [String], _ environment: [String: String] = [:]) throws -> HubConfiguration? {
        guard case .run(let configuration) = try HubCommandLine.parse(arguments: arguments, environment: environment) else {
            return nil
        }
        return configuration
    }

    @Test func defaults() throws {
        let settings = try #require(try configuration(minimalRun))
        #expect(settings.retentionDays == 400)
        #expect(settings.archiveDirectory == nil)
        #expect(settings.recordCacheBytes == 64 << 20)
        let options = HubServiceOptions(configuration: settings, flow: TestFlow.retirement,
                                        logger: HubLogger(minimumLevel: .critical), metrics: nil)
        #expect(options.retentionPeriod == .seconds(400 * 86_400))
        #expect(options.archiveDirectory == nil)
    }

    @Test func flagsAndEnvironmentReachTheServiceOptions() throws {
        let settings = try #require(try configuration(minimalRun + ["--retention-days", "30", "--archive-dir", "/srv/archive"],
                                                      ["ONETHING_RECORD_CACHE_BYTES": "1048576", "ONETHING_RETENTION_DAYS": "99"]))
        #expect(settings.retentionDays == 30)
        let options = HubServiceOptions(configuration: settings, flow: TestFlow.retirement,
                                        logger: HubLogger(minimumLevel: .critical), metrics: nil)
        #expect(options.retentionPeriod == .seconds(30 * 86_400))
        #expect(options.archiveDirectory == "/srv/archive")
        #expect(options.recordCacheBytes == 1_048_576)
    }

    @Test func refusesNonsense() {
        for value in ["0", "-1", "forever"] {
            #expect(throws: UsageError.self) { try configuration(minimalRun + ["--retention-days", value]) }
        }
        #expect(throws: UsageError.self) { try configuration(minimalRun + ["--record-cache-bytes", "-5"]) }
    }

    @Test func theUsageTextNamesThem() {
        for text in ["--retention-days", "ONETHING_RETENTION_DAYS", "(400)", "--archive-dir", "ONETHING_ARCHIVE_DIR",
                     "--record-cache-bytes", "ONETHING_RECORD_CACHE_BYTES"] {
            #expect(HubUsage.run.contains(text), "\(text)")
        }
    }
}
