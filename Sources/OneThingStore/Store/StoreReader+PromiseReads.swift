import Foundation
import OneThingExchange

/// Satisfaction per department and target (an evaluation's matter, or `application`).
public struct SatisfactionStatistics: Sendable, Hashable {
    public var department: String
    /// A matter code, `application`, or nil for the department's total.
    public var target: String?
    public var count: Int
    /// Count per score (5 best .. 1).
    public var byScore: [Int: Int]
    /// Evaluations whose level opens a rectification (差评).
    public var bad: Int
    public var averageScore: Double? { count == 0 ? nil : Double(byScore.reduce(0) { $0 + $1.key * $1.value }) / Double(count) }
}

/// A rectification not yet closed, with its application.
public struct OpenRectification: Sendable, Hashable {
    public var applicationID: String
    public var rectification: RectificationRecord
}

/// A supervision card not yet closed, with its application.
public struct OpenCard: Sendable, Hashable {
    public var applicationID: String
    public var card: CardRecord
}

/// What `hubctl stats`, `hubctl rectifications` and `hubctl cards` read about the
/// promises. Each list is small (evaluations are far fewer than matters; only open
/// rectifications and cards are read, through partial indexes).
extension StoreReader {
    /// Per department and target, then each department's total (target nil); `badLevels`
    /// are the level codes that count as 差评.
    public func satisfactionStatistics(badLevels: Set<String>) throws(StoreError) -> [SatisfactionStatistics] {
        var figures: [String: SatisfactionStatistics] = [:]
        var totals: [String: SatisfactionStatistics] = [:]
        let evaluations = try database.query("SELECT department, target, level, score FROM evaluations", []) { row throws(StoreError) in
            (try row.string(0), try row.string(1), try row.string(2), try row.int(3))
        }
        for (department, target, level, score) in evaluations {
            let bad = badLevels.contains(level) ? 1 : 0
            figures["\(department)\u{1F}\(target)", default: SatisfactionStatistics(department: department, target: target,
                                                                                    count: 0, byScore: [:], bad: 0)]
                .add(score: score, bad: bad)
            totals[department, default: SatisfactionStatistics(department: department, target: nil, count: 0, byScore: [:], bad: 0)]
                .add(score: score, bad: bad)
        }
        var rows: [SatisfactionStatistics] = []
        for department in totals.keys.sorted() {
            let targets = figures.values.filter { $0.department == department }.sorted { ($0.target ?? "") < ($1.target ?? "") }
            rows += targets
            if let total = totals[department] { rows.append(total) }
        }
        return rows
    }

    /// Open rectifications, earliest deadline first; optionally of one department.
    public func openRectifications(department: String?) throws(StoreError) -> [OpenRectification] {
        try database.query("""
            SELECT application_id, id, department, matter, channel, level, comment, opened_at, deadline, closed_at, note,
                   overdue_notified
            FROM rectifications WHERE closed_at IS NULL AND (?1 IS NULL OR department = ?1) ORDER BY deadline, id
            """, [.text(department)]) { row throws(StoreError) in
            OpenRectification(applicationID: try row.string(0), rectification: RectificationRecord(
                id: try row.string(1), department: try row.string(2), matter: row.optionalString(3), channel: try row.string(4),
                level: try row.string(5), comment: row.optionalString(6), openedAt: try row.date(7), deadline: try row.date(8),
                closedAt: row.optionalDate(9), note: row.optionalString(10), overdueNotified: try row.bool(11)))
        }
    }

    /// Open cards by department, then level, then when they were opened.
    public func openCards(department: String?, level: String?) throws(StoreError) -> [OpenCard] {
        try database.query("""
            SELECT application_id, id, subject, department, level, recipient, opened_at, acknowledged_at, rectified_at, note,
                   closed_at
            FROM cards WHERE closed_at IS NULL AND (?1 IS NULL OR department = ?1) AND (?2 IS NULL OR level = ?2)
            ORDER BY department, level, opened_at, id
            """, [.text(department), .text(level)]) { row throws(StoreError) in
            OpenCard(applicationID: try row.string(0), card: CardRecord(
                id: try row.string(1), subject: try row.string(2), department: try row.string(3), level: try row.string(4),
                recipient: try row.string(5), openedAt: try row.date(6), acknowledgedAt: row.optionalDate(7),
                rectifiedAt: row.optionalDate(8), note: row.optionalString(9), closedAt: row.optionalDate(10)))
        }
    }
}

extension SatisfactionStatistics {
    mutating func add(score: Int, bad: Int) {
        count += 1
        byScore[score, default: 0] += 1
        self.bad += bad
    }
}
