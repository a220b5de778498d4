import Foundation
import OneThingExchange

/// The figures behind `hubctl stats`: a few dozen numbers however large the store, each
/// list computed in one streaming pass over its table.
extension StoreReader {

    /// Per department and matter code, then per department, the outcome counts and
    /// result times of every stored matter; each list ordered by department (then code).
    ///
    /// One streaming pass over the matters (`matterFigures`), counted in a hash table:
    /// on SQLite a GROUP BY department, code and the window functions for the
    /// percentiles sort every row instead, several times slower on a large store.
    public func matterStatistics(now: Date) throws(StoreError) -> (matters: [MatterStatistics],
                                                                  departments: [MatterStatistics]) {
        let figures = try matterFigures(now: now)
        let matters = figures.map { figure in
            var statistics = figure.statistics
            statistics.elapsed = DurationFigures(sorted: figure.elapsedSeconds)
            return statistics
        }
        let departments = Dictionary(grouping: figures, by: \.department).sorted { $0.key < $1.key }
            .map { department, group in Self.total(department, group) }
        return (matters, departments)
    }

    /// The totals of one department's matters; its result times merged before ranking.
    private static func total(_ department: String, _ matters: [MatterFigures]) -> MatterStatistics {
        var total = MatterStatistics(department: department, matter: nil, count: 0, approved: 0, rejected: 0,
                                     cancelled: 0, open: 0, overdue: 0, elapsed: nil)
        for matter in matters {
            total.count += matter.count
            total.approved += matter.approved
            total.rejected += matter.rejected
            total.cancelled += matter.cancelled
            total.open += matter.open
            total.overdue += matter.overdue
        }
        let elapsed = matters.flatMap(\.elapsedSeconds)
        total.elapsed = DurationFigures(sorted: elapsed.sorted())
        return total
    }

    /// Counts, elapsed times and committed limits over every accepted application, from
    /// one pass over their rows (`applicationFigures`): SQL aggregates with window
    /// functions for the percentiles would sort every row instead.
    public func endToEndStatistics(now: Date) throws(StoreError) -> EndToEndStatistics {
        let figures = try applicationFigures()
        var finished = 0, within = 0, beyond = 0, openPastDeadline = 0
        var elapsed: [Double] = [], commitment: [Double] = []
        for figure in figures {
            if let deadline = figure.deadline { commitment.append(deadline.timeIntervalSince(figure.acceptedAt)) }
            if let seconds = figure.elapsedSeconds {
                finished += 1
                elapsed.append(seconds)
                switch figure.metDeadline {
                case true?: within += 1
                case false?: beyond += 1
                case nil: break
                }
            } else if let deadline = figure.deadline, deadline < now {
                openPastDeadline += 1
            }
        }
        return EndToEndStatistics(accepted: figures.count, finished: finished, withinDeadline: within,
                                  beyondDeadline: beyond, open: figures.count - finished,
                                  openPastDeadline: openPastDeadline, elapsed: DurationFigures(sorted: elapsed.sorted()),
                                  commitment: DurationFigures(sorted: commitment.sorted()))
    }
}
