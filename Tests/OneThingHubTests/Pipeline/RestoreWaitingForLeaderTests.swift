import Foundation
import Testing
import OneThingExchange
import OneThingKafka
@testable import OneThingHub

/// A partial outage at start-up: the broker that coordinates the hub's group and leads
/// its input is up, the one that leads the state topic is down. The hub joins, is
/// assigned its partitions, and its restore from the state topic waits for a leader that
/// does not answer (up to 30 s per partition before it gives up).
///
/// The contract (README, "Operating hubd"): a SIGTERM stops the hub within 10 s in every
/// state, restoring included (so the restore must hear the stop while it waits); `/healthz` fails for a hang, not for a restore that waits
/// (systemd's watchdog follows it and would kill a hub that is only waiting, which then
/// restores again from the start); `/readyz` says it does not serve yet.
@Suite("A restore waiting for the state topic's leader", .serialized)
struct RestoreWaitingForLeaderTests {
    @Test func theRestoreCountsAsAliveAndAStopEndsItPromptly() async throws {
        let bed = try HubTestBed(brokers: 2)
        let flow = bed.flow
        for topic in flow.topics.all {
            for partition: Int32 in 0..<2 {
                bed.cluster.setPartitionLeader(topic: topic, partition: partition, broker: topic == flow.topics.state ? 2 : 1)
            }
        }
        bed.cluster.setGroupCoordinator("hub-under-test", broker: 1)
        bed.cluster.setBrokerDown(2)
        let stall = Duration.seconds(4)
        let log = HubLogRecorder()
        try bed.startHub(customize: { options in
            options.healthLimits = HubHealth.Limits(loopStall: stall, outboxAge: .seconds(600))
            options.logger = HubLogger(minimumLevel: .info, sink: log.sink)
        })
        let service = try #require(bed.service)
        #expect(try await eventually(within: .seconds(60), every: .milliseconds(50)) { service.restoringPartitions > 0 },
                "the hub never began to restore")

        // Twice the stall limit into the wait: liveness holds, readiness does not.
        var stalls: [String] = []
        let watchedUntil = ContinuousClock.now + stall * 2
        while ContinuousClock.now < watchedUntil && service.restoringPartitions > 0 {
            stalls += service.liveness.failures.filter { $0.contains("poll loop") }
            #expect(!service.health.readinessCheck.isPassing, "ready while restoring")
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(service.restoringPartitions > 0, "the restore ended although the state topic's leader is down")
        #expect(stalls.isEmpty, "a waiting restore was reported as a stalled loop: \(stalls.first ?? "")")

        // The stop ends the wait (it does not sit out the leader's 30 s per partition):
        // the restore says it stopped for the stop, not that it failed. The 10 s contract
        // itself is timed by hubd's own log in HubdStopTests; this wall clock only bounds
        // that the stop happens, since a loaded test process's clock stretches.
        let took = try await bed.stopHub()
        #expect(took < .seconds(30), "the stop took \(took) while the restore waited")
        #expect(log.lines.contains { $0.contains("restoring partitions stopped: the service is stopping") },
                "the restore did not hear the stop")
        #expect(!log.lines.contains { $0.contains("restoring partitions from the state topic failed") },
                "the restore sat out its wait instead of hearing the stop")

        // The leader is back: a new start restores and serves.
        bed.cluster.setBrokerUp(2)
        try bed.startHub()
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-RWL-1"), id: "GX-RWL-1")
        #expect(try await bed.waitForOutcome("GX-RWL-1", within: .seconds(90)) == .completed)
        await bed.shutdown()
    }
}
