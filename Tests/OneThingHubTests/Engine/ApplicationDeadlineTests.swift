import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

/// The application's own deadline: acceptance + 15 working days, scaled; paused while the
/// application awaits a supplement; announced once as `matter-overdue` with a null matter.
@Suite("Engine: the application's deadline")
struct ApplicationDeadlineTests {
    /// 15 working days from the harness's start at a time scale of 0.001.
    static let limit = EngineHarness.overallSpan * 0.001

    private func supplement(_ hub: inout EngineHarness, _ matter: String) {
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: SupplementTests.supplement(
            hub.id, matter: matter, changes: SupplementTests.phoneChange)))
    }

    @Test func passingTheDeadlineIsAnnouncedOnceWithANullMatter() throws {
        var hub = EngineHarness(timeScale: 0.001)
        hub.submit()
        let acceptedAt = hub.now
        hub.reply("M10", .received)
        #expect(hub.record?.deadline == acceptedAt.addingTimeInterval(Self.limit))

        hub.tick(at: Self.limit - 1)   // M10 (1 working day, 104 s scaled) is long overdue by now
        #expect(hub.lastEvents.contains("matter-overdue"))
        #expect(hub.lastStatuses.allSatisfy { $0.objectValue?["matter"] == .string("M10") })
        #expect(hub.record?.overdueNotified == false)
        #expect(hub.record?.nextTimerAt == acceptedAt.addingTimeInterval(Self.limit))

        hub.tick(at: 2)
        #expect(hub.lastEvents == ["matter-overdue"])
        let snapshot = try #require(hub.lastStatuses.first?.objectValue)
        #expect(snapshot["matter"] == .null)
        #expect(snapshot["state"] == .string("in-progress"))
        #expect(snapshot["outcome"] == .null)
        #expect(snapshot["deadline"] == .string(HubTime.rfc3339(acceptedAt.addingTimeInterval(Self.limit))))
        let record = try #require(hub.record)
        #expect(record.overdueNotified)
        #expect(record.lastEvent == "matter-overdue")
        #expect(record.lastEventMatter == nil)
        #expect(record.nextTimerAt == nil)
        #expect(hub.last.history.contains { $0.kind == "overdue" && $0.matter == nil })

        hub.tick(at: 3600)
        #expect(hub.last.messages.isEmpty)
        // It stays open and finishes normally.
        hub.approve("M10")
        #expect(hub.record?.outcome == nil)
    }

    @Test func finalApplicationHasNoDeadlineTimer() throws {
        var hub = EngineHarness(timeScale: 0.001)
        hub.submit()
        hub.reply("M10", .rejected(reason: "户籍信息不符"))
        #expect(hub.record?.outcome == .rejected)
        #expect(hub.record?.nextTimerAt == nil)
        hub.tick(at: Self.limit + 1)
        #expect(hub.last.messages.isEmpty)
        #expect(hub.record?.overdueNotified == false)
    }

    /// M01 waits for the applicant from t to t+200 and M04 from t+100 to t+300: the
    /// application waited 300 s (the union), so its deadline moves out by 300, not 400.
    @Test func supplementPausesMoveTheDeadlineByTheTimeTheApplicationWaited() throws {
        var hub = EngineHarness(timeScale: 0.001)
        hub.submit()
        let deadline = try #require(hub.record?.deadline)
        hub.approve("M10")
        #expect(Set(hub.lastRequestIDs) == ["GX-T-0001:M01:r1", "GX-T-0001:M04:r1"])
        hub.advance(seconds: 10)
        hub.reply("M01", .supplementRequired(reason: "请补充"))
        let pausedAt = hub.now
        #expect(hub.record?.supplementSince == pausedAt)
        // The application's clock stands still (M04's own timers still run).
        let paused = try #require(hub.record)
        #expect(TimerSchedule(engine: hub.engine).applicationOverdueAt(paused) == nil)
        hub.advance(seconds: 100)
        hub.reply("M04", .supplementRequired(reason: "请补充"))
        #expect(hub.record?.supplementSince == pausedAt)
        hub.advance(seconds: 100)
        supplement(&hub, "M01")
        #expect(hub.record?.state == .awaitingSupplement)
        #expect(hub.record?.supplementSince == pausedAt, "M04 still waits: the application stays paused")
        #expect(hub.record?.deadline == deadline)
        hub.advance(seconds: 100)
        supplement(&hub, "M04")
        #expect(hub.record?.state == .inProgress)
        #expect(hub.record?.supplementSince == nil)
        #expect(hub.record?.deadline == deadline.addingTimeInterval(300))

        // The moved deadline is the one that fires.
        let moved = deadline.addingTimeInterval(300)
        hub.tick(at: moved.timeIntervalSince(hub.now) - 1)
        #expect(!hub.lastStatuses.contains { $0.objectValue?["matter"] == .null })
        hub.tick(at: 2)
        #expect(hub.lastStatuses.filter { $0.objectValue?["matter"] == .null }.count == 1)
        #expect(hub.record?.overdueNotified == true)
    }

    /// A deadline that passed before the pause began is still due: the pause stops the
    /// clock, it does not take back time already spent.
    @Test func deadlinePassedBeforeThePauseIsStillAnnounced() throws {
        var hub = EngineHarness(timeScale: 0.001)
        hub.submit()
        hub.reply("M10", .received)
        hub.advance(seconds: Self.limit + 5)
        hub.reply("M10", .supplementRequired(reason: "请补充"))
        #expect(hub.record?.state == .awaitingSupplement)
        let deadline = try #require(hub.record?.deadline)
        #expect(hub.record?.nextTimerAt == deadline)
        hub.tick()
        #expect(hub.lastEvents == ["matter-overdue"])
        #expect(hub.lastStatuses.first?.objectValue?["matter"] == .null)
        #expect(hub.lastStatuses.first?.objectValue?["state"] == .string("awaiting-supplement"))
    }
}
