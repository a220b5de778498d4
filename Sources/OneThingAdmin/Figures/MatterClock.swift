import Foundation
import OneThingStore

/// Where an open matter stands against its time limit, judged like the hub and
/// `overdue` judge it: the clock runs from `sentAt`, stands still while the matter waits
/// for a supplement, and "due soon" starts at the flow's due-soon share of the limit.
struct MatterClock {
    enum Standing: String { case onTime = "on-time", dueSoon = "due-soon", overdue }

    /// nil for matters that are final, not sent, or without a deadline.
    static func standing(of matter: MatterRecord, now: Date, dueSoonFraction: Double) -> Standing? {
        guard !matter.state.isFinal, let sentAt = matter.sentAt, let deadline = matter.deadline else { return nil }
        let clock = matter.supplementSince.map { min($0, now) } ?? now
        if clock > deadline { return .overdue }
        let limit = deadline.timeIntervalSince(sentAt) - matter.pausedSeconds
        return clock >= deadline.addingTimeInterval(-(1 - dueSoonFraction) * limit) ? .dueSoon : .onTime
    }
}
