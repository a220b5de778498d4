import Foundation
import Testing
import OneThingKafka
@testable import OneThingHub

/// `HubHealth` from the facts the pipeline reports: each failing condition with its
/// reason, and readiness with its conditions.
@Suite("Hub health")
struct HubHealthTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aLoopThatStopsTurningFailsLiveness() async throws {
        let health = HubHealth(limits: HubHealth.Limits(loopStall: .milliseconds(200), outboxAge: .seconds(60)))
        health.loopTurned()
        #expect(health.liveness(oldestOutbox: .success(nil), now: now).isPassing)
        try await Task.sleep(for: .milliseconds(350))
        let stalled = health.liveness(oldestOutbox: .success(nil), now: now)
        #expect(stalled.failures.count == 1)
        #expect(stalled.failures.first?.hasPrefix("the poll loop has not turned for") == true)
        #expect(!health.isTurning)
        health.loopTurned()
        #expect(health.liveness(oldestOutbox: .success(nil), now: now).isPassing)
        #expect(health.isTurning)
    }

    @Test func anOldOutboxRowAndAStoreThatCannotBeReadFailLiveness() {
        let health = HubHealth(limits: HubHealth.Limits(loopStall: .seconds(30), outboxAge: .seconds(120)))
        health.loopTurned()
        #expect(health.liveness(oldestOutbox: .success(now.addingTimeInterval(-119)), now: now).isPassing)
        let old = health.liveness(oldestOutbox: .success(now.addingTimeInterval(-121)), now: now)
        #expect(old.failures == ["the oldest unpublished outbox message is 121 s old (limit 120 s)"])
        struct Unreadable: Error {}
        let unreadable = health.liveness(oldestOutbox: .failure(Unreadable()), now: now)
        #expect(unreadable.failures.first?.hasPrefix("the store cannot be read") == true)
    }

    @Test func aStoreLockedLongerThanTheLimitFailsLiveness() async throws {
        let health = HubHealth(limits: HubHealth.Limits(loopStall: .milliseconds(200), outboxAge: .seconds(60)))
        health.storeBusy()
        health.loopTurned()
        #expect(health.liveness(oldestOutbox: .success(nil), now: now).isPassing, "a short lock is normal")
        try await Task.sleep(for: .milliseconds(300))
        health.loopTurned()
        let busy = health.liveness(oldestOutbox: .success(nil), now: now)
        #expect(busy.failures.count == 1)
        #expect(busy.failures.first?.hasPrefix("the store cannot be written") == true)
        health.storeWritable()
        #expect(health.liveness(oldestOutbox: .success(nil), now: now).isPassing)
    }

    @Test func readinessNeedsTheGroupAndEveryCondition() {
        let health = HubHealth()
        #expect(health.readinessCheck.failures == ["not joined to the consumer group yet (no partitions assigned)"])
        health.apply(.assigned([TopicPartition(topic: "a", partition: 0), TopicPartition(topic: "a", partition: 1)]))
        #expect(health.readinessCheck.isPassing)
        #expect(health.assignedPartitions == 2)
        health.readiness.require("restored", reason: "reading the state topic")
        #expect(health.readinessCheck.failures == ["restored: reading the state topic"])
        health.readiness.satisfy("restored")
        #expect(health.readinessCheck.isPassing)
        health.apply(.revoked([TopicPartition(topic: "a", partition: 0)]))
        #expect(health.assignedPartitions == 1)
        health.stopping()
        #expect(health.readinessCheck.failures == ["stopping"])
    }
}

/// A fatal librdkafka error (here a fabricated one, as a fenced producer raises) ends the
/// pipeline with an error, logged at ERROR, so `hubd` exits non-zero and is restarted.
@Suite("Fatal Kafka errors")
struct FatalKafkaErrorTests {
    @Test func aFatalProducerErrorEndsThePipeline() async throws {
        let bed = try HubTestBed()
        let log = HubLogRecorder()
        var options = bed.options()
        options.logger = HubLogger(minimumLevel: .info, sink: log.sink)
        let hub = try HubService(options: options)
        let run = Task { try await hub.run() }
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-FATAL-1"), id: "GX-FATAL-1")
        #expect(try await eventually { try hub.store.read { try $0.application(id: "GX-FATAL-1") } != nil })
        try hub.raiseKafkaFatalErrorForTesting("fenced by a newer instance")
        let started = ContinuousClock.now
        let outcome = await run.result
        #expect(ContinuousClock.now - started < .seconds(30))   // ends at all; not a timing test
        guard case .failure(let error) = outcome, case HubServiceError.kafkaFailed = error else {
            Issue.record("expected kafkaFailed, got \(outcome)")
            return
        }
        #expect(log.lines.contains { $0.contains("pipeline stopped by an error") && $0.contains("fenced by a newer instance") },
                "\(log.lines.suffix(5))")
        #expect(!hub.liveness.isPassing)
        await bed.shutdown()
    }
}
