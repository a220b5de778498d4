import Foundation
import OneThingStore

/// The application's own clock: its deadline is acceptance + the flow's overall time
/// limit (scaled), and, as for a matter, time spent waiting for the applicant does not
/// count. The application waits for the applicant exactly while it is
/// `awaiting-supplement` (at least one matter is supplement-required), so its clock is
/// paused over the union of its matters' pauses, not their sum: two matters waiting at
/// once pause it once. When the pause ends (a supplement re-sends the last waiting
/// matter, a department decides without it, the application becomes final) the deadline
/// moves out by the pause's length, the way a matter's deadline does.
enum ApplicationClock {
    /// Called once the step's state is derived: starts or ends the pause.
    static func update(_ record: inout ApplicationRecord, now: Date) {
        guard record.deadline != nil else { return }
        let waiting = record.outcome == nil && record.state == .awaitingSupplement
        if waiting {
            if record.supplementSince == nil { record.supplementSince = now }
        } else if let since = record.supplementSince {
            record.deadline = record.deadline?.addingTimeInterval(max(0, now.timeIntervalSince(since)))
            record.supplementSince = nil
        }
    }
}
