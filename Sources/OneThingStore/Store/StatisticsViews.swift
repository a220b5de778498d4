import Foundation
import OneThingSupport

/// Count, median, 90th percentile and maximum of some durations in seconds, by the
/// nearest-rank method: the p-th percentile is the smallest value with at least p % of
/// the values at or below it, so it is always one of the measured values.
public struct DurationFigures: Sendable, Hashable {
    public var count: Int
    public var median: Double
    public var p90: Double
    public var max: Double

    /// The figures of ascending `values`; nil when there are none.
    public init?(sorted values: [Double]) {
        let sample = Percentiles(sorted: values)
        guard let median = sample.percentile(50), let p90 = sample.percentile(90), let max = sample.maximum else {
            return nil
        }
        count = values.count
        self.median = median
        self.p90 = p90
        self.max = max
    }

    public init(count: Int, median: Double, p90: Double, max: Double) {
        self.count = count
        self.median = median
        self.p90 = p90
        self.max = max
    }
}

/// Outcome counts and result times of one matter code of one department, or (`matter`
/// nil) of all of the department's matters together.
public struct MatterStatistics: Sendable, Hashable {
    public var department: String
    /// nil for the department's total.
    public var matter: String?
    /// Matters stored (every state).
    public var count: Int
    public var approved: Int
    public var rejected: Int
    public var cancelled: Int
    /// Not final yet.
    public var open: Int
    /// Finished after their deadline, or open and past it at `now` (a matter paused for
    /// a supplement is judged at the instant its pause began).
    public var overdue: Int
    /// Wall-clock time from sent to result of the approved or rejected ones that were
    /// sent (supplement pauses included); nil when there is none.
    public var elapsed: DurationFigures?

    public init(department: String, matter: String?, count: Int, approved: Int, rejected: Int, cancelled: Int,
                open: Int, overdue: Int, elapsed: DurationFigures?) {
        self.department = department
        self.matter = matter
        self.count = count
        self.approved = approved
        self.rejected = rejected
        self.cancelled = cancelled
        self.open = open
        self.overdue = overdue
        self.elapsed = elapsed
    }
}

/// End-to-end figures over accepted applications (invalid ones are never accepted).
/// An application is finished once it has an outcome, at the instant its last matter
/// became final (its last update when it has no final matter, e.g. withdrawn at once).
public struct EndToEndStatistics: Sendable, Hashable {
    public var accepted: Int
    public var finished: Int
    /// Finished by their deadline.
    public var withinDeadline: Int
    /// Finished after their deadline.
    public var beyondDeadline: Int
    /// Not finished yet.
    public var open: Int
    /// Not finished and past their deadline at `now`.
    public var openPastDeadline: Int
    /// Acceptance to finish of the finished ones.
    public var elapsed: DurationFigures?
    /// The committed limit (deadline - acceptance) of every accepted application with a
    /// deadline.
    public var commitment: DurationFigures?

    public init(accepted: Int, finished: Int, withinDeadline: Int, beyondDeadline: Int, open: Int,
                openPastDeadline: Int, elapsed: DurationFigures?, commitment: DurationFigures?) {
        self.accepted = accepted
        self.finished = finished
        self.withinDeadline = withinDeadline
        self.beyondDeadline = beyondDeadline
        self.open = open
        self.openPastDeadline = openPastDeadline
        self.elapsed = elapsed
        self.commitment = commitment
    }
}
