import Foundation
import OneThingExchange

/// One application as `hubctl show` presents it.
public struct ApplicationDetail: Sendable, Hashable {
    public var record: ApplicationRecord
    /// Oldest first.
    public var history: [HistoryEntry]
    /// Oldest first.
    public var orders: [AdminOrder]

    public init(record: ApplicationRecord, history: [HistoryEntry], orders: [AdminOrder]) {
        self.record = record
        self.history = history
        self.orders = orders
    }
}

/// An open matter near or past its deadline, with what `hubctl overdue` groups by
/// department. Clocks pause while supplement-required, so a paused matter is judged
/// at the instant its pause began.
public struct DeadlineMatter: Sendable, Hashable {
    public var applicationID: String
    public var matter: String
    public var department: String
    public var state: MatterState
    public var sentAt: Date?
    public var deadline: Date
    /// The matter's (scaled) time limit: deadline - sentAt - pausedSeconds.
    public var limitSeconds: Double
    public var pausedSeconds: Double
    public var supplementSince: Date?
    public var stalled: Bool
    /// At or past `dueSoonFraction` of the limit, deadline not yet passed.
    public var dueSoon: Bool
    /// Deadline passed.
    public var overdue: Bool

    public init(applicationID: String, matter: String, department: String, state: MatterState, sentAt: Date?,
                deadline: Date, limitSeconds: Double, pausedSeconds: Double, supplementSince: Date?,
                stalled: Bool, dueSoon: Bool, overdue: Bool) {
        self.applicationID = applicationID
        self.matter = matter
        self.department = department
        self.state = state
        self.sentAt = sentAt
        self.deadline = deadline
        self.limitSeconds = limitSeconds
        self.pausedSeconds = pausedSeconds
        self.supplementSince = supplementSince
        self.stalled = stalled
        self.dueSoon = dueSoon
        self.overdue = overdue
    }
}

/// Raw figures of one matter of one department, for `hubctl stats` to derive rates and
/// percentiles from.
struct MatterFigures: Sendable, Hashable {
    var department: String
    var matter: String
    /// Matters of this code stored (every state).
    var count: Int
    var approved: Int
    var rejected: Int
    var cancelled: Int
    /// Not final yet.
    var open: Int
    /// Finished after their deadline, or open and past it at `now`.
    var overdue: Int
    /// Wall-clock seconds from sent to result (approved or rejected ones that were sent),
    /// ascending; includes time paused for supplements.
    var elapsedSeconds: [Double]

    init(department: String, matter: String, count: Int, approved: Int, rejected: Int, cancelled: Int,
                open: Int, overdue: Int, elapsedSeconds: [Double]) {
        self.department = department
        self.matter = matter
        self.count = count
        self.approved = approved
        self.rejected = rejected
        self.cancelled = cancelled
        self.open = open
        self.overdue = overdue
        self.elapsedSeconds = elapsedSeconds
    }
}

/// Raw figures of one accepted application (invalid ones are never accepted): what
/// `endToEndStatistics` summarises.
struct ApplicationFigures: Sendable, Hashable {
    var id: String
    var state: ApplicationState
    var outcome: Outcome?
    var acceptedAt: Date
    var deadline: Date?
    /// When the last matter became final, for applications with an outcome.
    var finishedAt: Date?

    init(id: String, state: ApplicationState, outcome: Outcome?, acceptedAt: Date, deadline: Date?,
                finishedAt: Date?) {
        self.id = id
        self.state = state
        self.outcome = outcome
        self.acceptedAt = acceptedAt
        self.deadline = deadline
        self.finishedAt = finishedAt
    }

    /// acceptedAt -> finishedAt, nil while not finished.
    var elapsedSeconds: Double? {
        finishedAt.map { $0.timeIntervalSince(acceptedAt) }
    }

    /// Whether it finished by its deadline; nil while not finished or without deadline.
    var metDeadline: Bool? {
        guard let finishedAt, let deadline else { return nil }
        return finishedAt <= deadline
    }
}
