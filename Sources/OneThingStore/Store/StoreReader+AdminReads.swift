import Foundation
import OneThingExchange

/// The queries behind hubctl (list, show, overdue, stats, deadletters). They run in a
/// read transaction, so hubd keeps writing meanwhile.
extension StoreReader {

    /// Applications, newest change first (ties by id, descending), optionally only those
    /// in `state` and/or having a matter of `department`, at most `limit`, each with its
    /// matters. Without a state filter the (updated_at, id) index is walked backwards and
    /// the walk stops after `limit` matches; with one, the state index finds every
    /// application in that state and SQLite keeps the newest `limit` (no index on
    /// (state, updated_at): updated_at changes at every save, see `Schema.version1`).
    public func listApplications(state: ApplicationState? = nil, department: String? = nil,
                                 limit: Int) throws(StoreError) -> [ApplicationRecord] {
        let database = try database
        let departmentFilter = "EXISTS (SELECT 1 FROM matters m WHERE m.application_id = a.id AND m.department = ?2)"
        let sql: String
        var values: [SQLValue] = [.int(limit)]
        switch (state, department) {
        case (nil, nil):
            sql = "SELECT a.id FROM applications a ORDER BY a.updated_at DESC, a.id DESC LIMIT ?1"
        case (let state?, nil):
            sql = "SELECT a.id FROM applications a WHERE a.state = ?2 ORDER BY a.updated_at DESC, a.id DESC LIMIT ?1"
            values.append(.text(state.rawValue))
        case (nil, let department?):
            sql = "SELECT a.id FROM applications a WHERE \(departmentFilter) ORDER BY a.updated_at DESC, a.id DESC LIMIT ?1"
            values.append(.text(department))
        case (let state?, let department?):
            sql = """
                SELECT a.id FROM applications a WHERE a.state = ?3 AND \(departmentFilter)
                ORDER BY a.updated_at DESC, a.id DESC LIMIT ?1
                """
            values.append(.text(department))
            values.append(.text(state.rawValue))
        }
        let ids = try database.query(sql, values) { row throws(StoreError) in try row.string(0) }
        var records: [ApplicationRecord] = []
        records.reserveCapacity(ids.count)
        for id in ids {
            if let record = try ApplicationRows.load(id: id, in: database) { records.append(record) }
        }
        return records
    }

    /// One application with its matters, history and orders, or nil.
    public func applicationDetail(id: String) throws(StoreError) -> ApplicationDetail? {
        guard let record = try application(id: id) else { return nil }
        return ApplicationDetail(record: record, history: try history(applicationID: id),
                                 orders: try orders(applicationID: id))
    }

    /// How many applications are in each state (states with none are absent).
    public func countsByState() throws(StoreError) -> [ApplicationState: Int] {
        let rows = try database.query("SELECT state, count(*) FROM applications GROUP BY state", []) {
            row throws(StoreError) in (try row.string(0), try row.int(1))
        }
        var counts: [ApplicationState: Int] = [:]
        for (raw, count) in rows {
            counts[try decodeEnum(ApplicationState.self, raw, column: "applications.state")] = count
        }
        return counts
    }

    /// Open matters that are due soon or overdue at `now` (or every open matter with a
    /// deadline when `includeOnTime`), optionally of one department, ordered by
    /// department then deadline. A matter is due soon once `dueSoonFraction` of its limit
    /// has elapsed; while supplement-required its clock stands still at `supplementSince`.
    public func deadlineMatters(now: Date, dueSoonFraction: Double, department: String? = nil,
                                includeOnTime: Bool = false) throws(StoreError) -> [DeadlineMatter] {
        let rows = try database.query("""
            SELECT application_id, code, department, state, sent_at, deadline, paused_seconds, supplement_since, stalled
            FROM matters WHERE is_final = 0 AND deadline IS NOT NULL AND (?1 IS NULL OR department = ?1)
            ORDER BY department, deadline, application_id, code
            """, [.text(department)]) { row throws(StoreError) in
            try Self.deadlineMatter(row, now: now, dueSoonFraction: dueSoonFraction)
        }
        return includeOnTime ? rows : rows.filter { $0.dueSoon || $0.overdue }
    }

    private static func deadlineMatter(_ row: Row, now: Date, dueSoonFraction: Double) throws(StoreError) -> DeadlineMatter {
        let sentAt = row.optionalDate(4)
        let deadline = try row.date(5)
        let paused = try row.double(6)
        let supplementSince = row.optionalDate(7)
        let limit = sentAt.map { deadline.timeIntervalSince($0) - paused } ?? 0
        let clock = supplementSince.map { min($0, now) } ?? now
        let overdue = clock > deadline
        let dueSoon = !overdue && clock >= deadline.addingTimeInterval(-(1 - dueSoonFraction) * limit)
        return DeadlineMatter(applicationID: try row.string(0), matter: try row.string(1),
                              department: try row.string(2),
                              state: try decodeEnum(MatterState.self, try row.string(3), column: "matters.state"),
                              sentAt: sentAt, deadline: deadline, limitSeconds: limit, pausedSeconds: paused,
                              supplementSince: supplementSince, stalled: try row.bool(8),
                              dueSoon: dueSoon, overdue: overdue)
    }

    /// Open applications whose overall deadline has passed at `now` (a paused clock, while
    /// awaiting a supplement, stands at the pause's start), earliest deadline first.
    /// Served by the partial index of open applications by deadline.
    public func overdueApplications(now: Date) throws(StoreError) -> [OverdueApplication] {
        try database.query("""
            SELECT id, state, accepted_at, deadline, supplement_since, overdue_notified FROM applications
            WHERE outcome IS NULL AND deadline IS NOT NULL AND deadline < ?1
              AND min(coalesce(supplement_since, ?1), ?1) > deadline
            ORDER BY deadline, id
            """, [.date(now)]) { row throws(StoreError) in
            OverdueApplication(
                applicationID: try row.string(0),
                state: try decodeEnum(ApplicationState.self, try row.string(1), column: "applications.state"),
                acceptedAt: row.optionalDate(2), deadline: try row.date(3),
                supplementSince: row.optionalDate(4), notified: try row.bool(5))
        }
    }

    /// Raw per-department, per-matter figures over every stored matter, ordered by
    /// department then matter. Reads the whole matters table once, in one streaming pass
    /// that keeps only the result times (see `matterStatistics` for why not GROUP BY).
    func matterFigures(now: Date) throws(StoreError) -> [MatterFigures] {
        struct Key: Hashable { let department: String; let matter: String }
        var figures: [Key: MatterFigures] = [:]
        let database = try database
        let statement = try database.statement("""
            SELECT department, code, state, sent_at, final_at, deadline, supplement_since FROM matters
            """)
        try statement.bind([])
        defer { statement.reset() }
        let nowMilliseconds = now.unixMilliseconds
        while try statement.step() {
            let row = Row(handle: statement.handle)
            let key = Key(department: try row.string(0), matter: try row.string(1))
            let state = try decodeEnum(MatterState.self, try row.string(2), column: "matters.state")
            // Changed in place: a copy taken out of the dictionary and stored back would
            // copy its growing `elapsedSeconds` at every row (quadratic on large stores).
            Self.count(&figures[key, default: MatterFigures(statistics: MatterStatistics(
                department: key.department, matter: key.matter, count: 0, approved: 0, rejected: 0, cancelled: 0,
                open: 0, overdue: 0, elapsed: nil))], state: state, row: row, now: nowMilliseconds)
        }
        return figures.values
            .map { figure in
                var sorted = figure
                sorted.elapsedSeconds.sort()
                return sorted
            }
            .sorted { ($0.department, $0.matter ?? "") < ($1.department, $1.matter ?? "") }
    }

    /// Adds one matter row (department, code, state, sent_at, final_at, deadline,
    /// supplement_since) to its figures.
    private static func count(_ figure: inout MatterFigures, state: MatterState, row: Row,
                          now nowMilliseconds: Int64) {
        figure.statistics.count += 1
        let sentAt = row.optionalInt64(3), finalAt = row.optionalInt64(4), deadline = row.optionalInt64(5)
        switch state {
        case .approved: figure.statistics.approved += 1
        case .rejected: figure.statistics.rejected += 1
        case .cancelled: figure.statistics.cancelled += 1
        case .waiting, .sent, .received, .supplementRequired: figure.statistics.open += 1
        }
        if (state == .approved || state == .rejected), let sentAt, let finalAt {
            figure.elapsedSeconds.append(Double(finalAt - sentAt) / 1000)
        }
        if let deadline {
            let clock = state.isFinal ? finalAt : (row.optionalInt64(6).map { min($0, nowMilliseconds) } ?? nowMilliseconds)
            if let clock, clock > deadline { figure.statistics.overdue += 1 }
        }
    }

    /// Raw figures of every accepted application, ordered by acceptance. Only finished
    /// ones look up their last matter's result time.
    func applicationFigures() throws(StoreError) -> [ApplicationFigures] {
        try database.query("""
            SELECT a.id, a.state, a.outcome, a.accepted_at, a.deadline,
                   CASE WHEN a.outcome IS NOT NULL
                        THEN (SELECT max(m.final_at) FROM matters m WHERE m.application_id = a.id) END,
                   a.updated_at
            FROM applications a WHERE a.accepted_at IS NOT NULL ORDER BY a.accepted_at, a.id
            """, []) { row throws(StoreError) in
            let outcome = try row.optionalString(2).map { raw throws(StoreError) in
                try decodeEnum(Outcome.self, raw, column: "applications.outcome")
            }
            return ApplicationFigures(
                id: try row.string(0),
                state: try decodeEnum(ApplicationState.self, try row.string(1), column: "applications.state"),
                outcome: outcome, acceptedAt: try row.date(3), deadline: row.optionalDate(4),
                finishedAt: outcome == nil ? nil : (row.optionalDate(5) ?? row.optionalDate(6)))
        }
    }
}
