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

/// An open application past its overall deadline (acceptance + the flow's overall limit,
/// moved out by time spent awaiting supplements), for `hubctl overdue`. While the
/// application awaits a supplement its clock is paused, so it is judged at the instant
/// the pause began.
public struct OverdueApplication: Sendable, Hashable {
    public var applicationID: String
    public var state: ApplicationState
    public var acceptedAt: Date?
    public var deadline: Date
    /// Set while the application's clock is paused (awaiting a supplement).
    public var supplementSince: Date?
    /// The hub has announced it (status event `matter-overdue` with `"matter": null`).
    public var notified: Bool

    public init(applicationID: String, state: ApplicationState, acceptedAt: Date?, deadline: Date,
                supplementSince: Date?, notified: Bool) {
        self.applicationID = applicationID
        self.state = state
        self.acceptedAt = acceptedAt
        self.deadline = deadline
        self.supplementSince = supplementSince
        self.notified = notified
    }
}

/// Raw figures of one matter of one department, for `hubctl stats` to derive rates and
/// percentiles from.
@dynamicMemberLookup
struct MatterFigures: Sendable, Hashable {
    /// The counts (`elapsed` unset: the times are kept whole below until summarised).
    var statistics: MatterStatistics
    /// Wall-clock seconds from sent to result (approved or rejected ones that were sent),
    /// ascending once read; includes time paused for supplements.
    var elapsedSeconds: [Double] = []

    /// The counts read like fields of the figures (`figures.count`, `figures.overdue`).
    subscript<Value>(dynamicMember field: KeyPath<MatterStatistics, Value>) -> Value {
        statistics[keyPath: field]
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
