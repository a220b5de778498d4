import Foundation
import Testing
import OneThingSupport
@testable import OneThingKafka

/// Tearing a client down does not wait for librdkafka's client-metrics push (KIP-714).
///
/// librdkafka (2.5 and later) pushes client metrics to brokers that ask for them, the
/// mock cluster among them, and its destroy then waits up to a second for a last push
/// that may never be sent (the consumer's close has just dropped the connection it would
/// go through). A restore reads its partitions with a client of its own and destroys it
/// before the partitions' input may flow, so that second came on top of the restore
/// whenever the wait ran out (about one restore in three on the mock cluster).
@Suite struct ClientTeardownTests {
    @Test func aPartitionReadEndsWithoutWaitingForAMetricsPush() async throws {
        let (cluster, topic, configuration) = try await topicHolding(20, stem: "teardown")
        defer { withExtendedLifetime(cluster) {} }

        // Each read keeps its client a while (as a restore's parsing does), long enough
        // for the client to have learnt the broker's metrics subscription.
        var slowest: Duration = .zero
        for _ in 0..<10 {
            let started = ContinuousClock.now
            let next = try await PartitionReader.readDetached(configuration: configuration, topic: topic, partition: 0,
                                                              from: nil) { _ in Thread.sleep(forTimeInterval: 0.3) }
            #expect(next == 20)
            slowest = max(slowest, ContinuousClock.now - started - .milliseconds(300))
        }
        // Reading twenty small records takes milliseconds; the wait for the push, a second.
        #expect(slowest < .milliseconds(700), "the slowest read and teardown took \(slowest) beyond its pause")
    }
}
