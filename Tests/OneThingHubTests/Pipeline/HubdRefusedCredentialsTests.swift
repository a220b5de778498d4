import Foundation
import Testing
import OneThingKafka
@testable import OneThingHub

/// A fatal Kafka error ends `hubd` with a non-zero status, for the service manager to
/// restart it and an operator to see why (README, "Operating hubd"): refused
/// credentials are one, since librdkafka retries them for ever and nothing inside the
/// process can change them.
///
/// The mock cluster speaks no SASL, and librdkafka reports a SASL client's failed
/// authentication against it with `ERR__AUTHENTICATION`, the code a broker's refusal
/// of the credentials (SASL_AUTHENTICATION_FAILED) also arrives as.
@Suite("hubd with refused credentials")
struct HubdRefusedCredentialsTests {
    @Test func exitsWithStatusOneAndSaysWhy() async throws {
        let cluster = try MockCluster(brokers: 1)
        try MockKafka.createTopics(cluster, flow: TestFlow.retirement, partitions: 2)
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("hubd-sasl-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let hubd = try HubdProcess(["run", "--store", store, "--catalogue", TestFlow.catalogueDirectory,
                                    "--bootstrap-servers", cluster.bootstrapServers,
                                    "--kafka", "security.protocol=SASL_PLAINTEXT", "--kafka", "sasl.mechanism=PLAIN",
                                    "--kafka", "sasl.username=hub", "--kafka", "sasl.password=wrong", "--kafka", "log_level=0"])
        let ended = try await eventually(within: .seconds(60), every: .milliseconds(100)) { !hubd.process.isRunning }
        #expect(ended, "hubd kept running with refused credentials: \(hubd.log.suffix(2_000))")
        let (status, _) = await hubd.stop()
        #expect(status == 1, "\(hubd.log.suffix(2_000))")
        #expect(hubd.log.contains("authentication failed"), "\(hubd.log.suffix(2_000))")
    }
}
