import Foundation
import OneThingExchange
import OneThingStore

/// How `hubctl stats --by` groups applications: by the period (China time) of their
/// acceptance, by the form's `handlingRegion`, or by the form's `channel`.
public enum StatsGrouping: String, Sendable, Hashable, CaseIterable {
    case month, quarter, region, channel

    /// The column heading in the text output.
    var heading: String {
        switch self {
        case .month: return "MONTH"
        case .quarter: return "QUARTER"
        case .region: return "REGION"
        case .channel: return "CHANNEL"
        }
    }

    /// The group an application belongs to: `2026-12`, `2026-Q4`, `450103`, `online`;
    /// `(none)` for a form without the field.
    func key(of facts: ApplicationFacts) -> String {
        let accepted = CivilDate(facts.acceptedAt)
        switch self {
        case .month: return accepted.monthIndex.text
        case .quarter: return "\(accepted.year)-Q\((accepted.month - 1) / 3 + 1)"
        case .region: return facts.handlingRegion.flatMap { $0.isEmpty ? nil : $0 } ?? Self.none
        case .channel: return facts.channel.flatMap { $0.isEmpty ? nil : $0 } ?? Self.none
        }
    }

    static let none = "(none)"
}

/// The figures the reform is judged by, over a set of applications: how many were
/// finished on the day they were accepted (当日办结), how many within their committed
/// deadline, and the average number of working days from acceptance to the final
/// result, to set against the commitment (15 working days) and the limit before the
/// reform (55).
///
/// Working days are counted like a limit: those after the day of acceptance up to and
/// including the day of the result (China time), so an application finished on its day
/// of acceptance took 0 and one finished the next working day took 1.
struct ReformFigures: Sendable, Hashable {
    var key: String?
    var accepted = 0
    var finished = 0
    /// Finished on the calendar day (China time) they were accepted.
    var sameDay = 0
    /// Finished by their deadline (acceptance + the commitment, pauses for supplements added).
    var withinCommitment = 0
    var workingDaysTotal = 0

    /// nil before anything finished.
    var averageWorkingDays: Double? { finished > 0 ? Double(workingDaysTotal) / Double(finished) : nil }
    var sameDayShare: Double? { finished > 0 ? Double(sameDay) / Double(finished) : nil }

    mutating func add(_ facts: ApplicationFacts, calendar: WorkingCalendar) {
        accepted += 1
        guard let finishedAt = facts.finishedAt else { return }
        finished += 1
        let start = CivilDate(facts.acceptedAt), end = CivilDate(finishedAt)
        if start == end { sameDay += 1 }
        if let deadline = facts.deadline, finishedAt <= deadline { withinCommitment += 1 }
        workingDaysTotal += max(0, calendar.workingDays(from: start, to: end))
    }

    /// Every application together, and (with a grouping) one figure per group, ordered
    /// by key (periods chronologically, regions and channels alphabetically).
    static func compute(_ facts: [ApplicationFacts], calendar: WorkingCalendar,
                        by grouping: StatsGrouping?) -> (overall: ReformFigures, groups: [ReformFigures]) {
        var overall = ReformFigures()
        var groups: [String: ReformFigures] = [:]
        for item in facts {
            overall.add(item, calendar: calendar)
            if let grouping {
                let key = grouping.key(of: item)
                groups[key, default: ReformFigures(key: key)].add(item, calendar: calendar)
            }
        }
        return (overall, groups.values.sorted { ($0.key ?? "") < ($1.key ?? "") })
    }
}

/// What the reform's figures are set against, from the catalogue: the commitment (the
/// flow's overall limit) and the limit before the reform (`previousTimeLimit`).
struct ReformBaseline: Sendable, Hashable {
    var commitment: TimeLimit?
    var beforeReform: TimeLimit?
    var calendar: WorkingCalendar

    /// The catalogue's, when all its flows agree; otherwise (or without a catalogue)
    /// no baseline, and the weekday rule for counting.
    init(catalogue: Catalogue?) {
        calendar = catalogue?.calendar ?? .weekdaysOnly
        let flows = catalogue?.flows ?? []
        let commitments = Set(flows.map(\.overallTimeLimit))
        let before = Set(flows.compactMap(\.previousTimeLimit))
        commitment = commitments.count == 1 ? commitments.first : nil
        beforeReform = before.count == 1 ? before.first : nil
    }

    init(commitment: TimeLimit?, beforeReform: TimeLimit?, calendar: WorkingCalendar) {
        self.commitment = commitment
        self.beforeReform = beforeReform
        self.calendar = calendar
    }
}

extension TimeLimit {
    /// The number of working days of a working-day limit; nil for calendar time.
    var workingDayCount: Int? {
        if case .workingDays(let count) = self { return count }
        return nil
    }
}
