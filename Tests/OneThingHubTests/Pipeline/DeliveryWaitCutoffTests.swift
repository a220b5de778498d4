import Foundation
import Testing
import OneThingKafka
@testable import OneThingHub

/// A stop must not wait for delivery reports that an unreachable broker will only give
/// after minutes: the cutoff ends such waits with what was reported so far.
@Suite struct DeliveryWaitCutoffTests {
    /// Without the cutoff this wait never ends (the second report never comes), so the
    /// test's time limit is the check that it ends; no wall-clock bound, since a loaded
    /// test process can take tens of seconds to resume one task (35 s seen).
    @Test(.timeLimit(.minutes(2)))
    func aPendingWaitEndsAtTheCutoffWithTheMissingReportsAsFailures() async {
        let tracker = DeliveryTracker(count: 2)
        tracker.complete(0, .success(DeliveryReport(topic: "t", partition: 0, offset: 1)))
        let cutoff = DeliveryWaitCutoff()
        cutoff.cut(after: .milliseconds(50))
        let results = await tracker.wait(cutoff: cutoff)
        #expect(results.count == 2)
        #expect((try? results[0].get()) != nil)
        #expect((try? results[1].get()) == nil)
    }

    @Test func aWaitBegunAfterTheCutoffEndsAtOnce() async throws {
        let cutoff = DeliveryWaitCutoff()
        cutoff.cut(after: .zero)
        try await Task.sleep(for: .milliseconds(100))
        let tracker = DeliveryTracker(count: 1)
        let results = await tracker.wait(cutoff: cutoff)
        #expect(results.count == 1)
        #expect((try? results[0].get()) == nil)
    }

    @Test func completedWaitsAreNotAffected() async {
        let cutoff = DeliveryWaitCutoff()
        let tracker = DeliveryTracker(count: 1)
        tracker.complete(0, .success(DeliveryReport(topic: "t", partition: 0, offset: 7)))
        let results = await tracker.wait(cutoff: cutoff)
        cutoff.forget(tracker)
        cutoff.cut(after: .zero)
        #expect((try? results[0].get())?.offset == 7)
    }
}
