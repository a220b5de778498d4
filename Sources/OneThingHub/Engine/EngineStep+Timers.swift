import Foundation
import OneThingExchange
import OneThingStore

/// The clock's effects: resend what is not acknowledged (same `ce_id`, up to `maxResends`,
/// then `matter-stalled` once; a late reply is still accepted), warn at `dueSoonFraction` of
/// the time limit (`matter-due-soon`) and when the deadline passes (`matter-overdue`).
///
/// The application's own deadline (acceptance + the flow's overall limit, paused while it
/// awaits a supplement, see `ApplicationClock`) passing while the application is not
/// final is announced once, as `matter-overdue` with `"matter": null`. Decision: the
/// contract's list of status events is closed, so no new event name is invented; a null
/// matter is how a snapshot already says "about the application as a whole" (like
/// `accepted` or `completed`), and readers that key on the event keep working. The flag
/// `overdueNotified` (stored) makes it once, across restarts.
extension EngineStep {
    mutating func tick() {
        guard let current = record, current.outcome == nil, current.state != .invalid else { return }
        let schedule = TimerSchedule(engine: engine)
        for index in current.matters.indices {
            guard let matter = record?.matters[index] else { continue }
            if let due = schedule.acknowledgementDue(matter), due <= now {
                acknowledgementExpired(index)
            }
            if let due = schedule.dueSoonAt(matter), due <= now {
                record?.matters[index].dueSoonNotified = true
                note("due-soon", matter: matter.code, "\(matter.code) has used \(Int(flow.dueSoonFraction * 100)) % of its time limit.")
                announce("matter-due-soon", matter: matter.code)
            }
            if let due = schedule.overdueAt(matter), due <= now {
                record?.matters[index].overdueNotified = true
                record?.matters[index].dueSoonNotified = true
                note("overdue", matter: matter.code, "\(matter.code) passed its deadline without a result.")
                announce("matter-overdue", matter: matter.code)
            }
        }
        if let due = schedule.applicationOverdueAt(current), due <= now {
            record?.overdueNotified = true
            note("overdue", "The application passed its overall deadline without being final.")
            announce("matter-overdue")
        }
    }

    private mutating func acknowledgementExpired(_ index: Int) {
        guard let matter = record?.matters[index] else { return }
        if matter.resends < flow.maxResends,
           resendCurrent(index, kind: "resent",
                         detail: "No acknowledgement in time: resend \(matter.resends + 1) of \(flow.maxResends) with the same id.") {
            record?.matters[index].resends += 1
        } else {
            record?.matters[index].stalled = true
            note("stalled", matter: matter.code, eventID: matter.requestID,
                 "\(matter.department) has not acknowledged after \(matter.resends) resends: the matter is stalled.")
            announce("matter-stalled", matter: matter.code)
        }
    }
}
