import Foundation
import OneThingExchange
import OneThingStore

/// When each timer of an application falls due. Timers run only for matters whose clock
/// is running (`sent` or `received`): a `supplement-required` matter's clock is paused (its
/// deadline moves out by the pause when the supplement arrives), and final or waiting
/// matters have none. The application's own deadline is a timer too, while the
/// application is open (see `applicationOverdueAt`).
struct TimerSchedule {
    let engine: HubEngine

    /// No reply of any kind since the last (re)send: resend, or declare the matter stalled.
    func acknowledgementDue(_ matter: MatterRecord) -> Date? {
        guard matter.state == .sent, !matter.stalled, let last = matter.lastSentAt else { return nil }
        return last.addingTimeInterval(engine.scaled(engine.flow.acknowledgementTimeout))
    }

    /// `dueSoonFraction` of the time limit has passed (deadline minus the rest of the limit).
    /// The limit is the span from the clock's start to its deadline, pauses taken out:
    /// for a working-day limit that is the calendar time up to the end of its last
    /// working day, so holidays stretch the warning as they stretch the deadline, and the
    /// hub, `hubctl overdue` and the store's gauges (which see only the stored instants)
    /// agree on when a matter is due soon.
    func dueSoonAt(_ matter: MatterRecord) -> Date? {
        guard clockRuns(matter), !matter.dueSoonNotified, let deadline = matter.deadline, let sentAt = matter.sentAt else { return nil }
        let limit = max(0, deadline.timeIntervalSince(sentAt) - matter.pausedSeconds)
        return deadline.addingTimeInterval(-(1 - engine.flow.dueSoonFraction) * limit)
    }

    func overdueAt(_ matter: MatterRecord) -> Date? {
        guard clockRuns(matter), !matter.overdueNotified else { return nil }
        return matter.deadline
    }

    /// The application's overall deadline, until announced once. While the application
    /// awaits a supplement its clock stands at the pause's start: nothing is due then,
    /// unless the deadline had already passed before the pause began.
    func applicationOverdueAt(_ record: ApplicationRecord) -> Date? {
        guard record.outcome == nil, record.state != .invalid, !record.overdueNotified,
              let deadline = record.deadline else { return nil }
        if let since = record.supplementSince { return deadline < since ? deadline : nil }
        return deadline
    }

    /// The earliest of the matters' timers and the promises' (`PromiseSchedule`), which
    /// may run after the application is final (a rectification).
    func nextTimer(of record: ApplicationRecord) -> Date? {
        let promised = engine.flow.promises.flatMap { PromiseSchedule(engine: engine, policy: $0).nextTimer(of: record) }
        guard let matters = matterTimer(of: record) else { return promised }
        return promised.map { min($0, matters) } ?? matters
    }

    private func matterTimer(of record: ApplicationRecord) -> Date? {
        guard record.outcome == nil, record.state != .invalid else { return nil }
        var next: Date? = applicationOverdueAt(record)
        for matter in record.matters {
            for candidate in [acknowledgementDue(matter), dueSoonAt(matter), overdueAt(matter)] {
                if let candidate, next.map({ candidate < $0 }) ?? true { next = candidate }
            }
        }
        return next
    }

    private func clockRuns(_ matter: MatterRecord) -> Bool {
        matter.state == .sent || matter.state == .received
    }
}
