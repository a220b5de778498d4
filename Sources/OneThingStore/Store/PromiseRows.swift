import Foundation
import OneThingExchange

/// The SQL that saves and loads an application's `PromiseRecords`. They change rarely
/// (an evaluation, a card, a notice) and are few per application, so a change rewrites
/// the application's rows of the changed kind.
enum PromiseRows {
    static let selectEvaluations = """
        SELECT channel, target, department, level, score, comment, at, event_id FROM evaluations WHERE application_id = ?1
        ORDER BY at, channel, target
        """
    static let selectRectifications = """
        SELECT id, department, matter, channel, level, comment, opened_at, deadline, closed_at, note, overdue_notified
        FROM rectifications WHERE application_id = ?1 ORDER BY opened_at, id
        """
    static let selectCards = """
        SELECT id, subject, department, level, recipient, opened_at, acknowledged_at, rectified_at, note, closed_at
        FROM cards WHERE application_id = ?1 ORDER BY opened_at, id
        """
    static let selectNotices = "SELECT id, kind, at, covers FROM notices WHERE application_id = ?1 ORDER BY at, id"

    static func save(_ promises: PromiseRecords, previous: PromiseRecords?, of applicationID: String,
                     in connection: Connection) throws(StoreError) {
        // A first save of an application with nothing promised yet (nearly every save of a
        // new application) writes nothing; a restore replacing a stored copy passes the
        // loaded one as `previous`.
        let before = previous ?? PromiseRecords()
        guard promises != before || (previous == nil && !promises.isEmpty) else { return }
        let id = SQLValue.text(applicationID)
        if promises.evaluations != before.evaluations || previous == nil {
            try connection.run("DELETE FROM evaluations WHERE application_id = ?1", [id])
            try insertEvaluations(promises.evaluations, of: id, in: connection)
        }
        if promises.rectifications != before.rectifications || previous == nil {
            try connection.run("DELETE FROM rectifications WHERE application_id = ?1", [id])
            try insertRectifications(promises.rectifications, of: id, in: connection)
        }
        if promises.cards != before.cards || previous == nil {
            try connection.run("DELETE FROM cards WHERE application_id = ?1", [id])
            try insertCards(promises.cards, of: id, in: connection)
        }
        if promises.notices != before.notices || previous == nil {
            try connection.run("DELETE FROM notices WHERE application_id = ?1", [id])
            try insertNotices(promises.notices, of: id, in: connection)
        }
    }

    /// The rows of an application inserted just now in this transaction (a restore into
    /// a store that did not hold it): none of its kind can exist (they reference the
    /// application and go with it), so nothing is deleted first. A `DELETE` costs here
    /// far more than the rows it would not find: each opens a temporary table.
    static func insertNew(_ promises: PromiseRecords, of applicationID: String, in connection: Connection) throws(StoreError) {
        guard !promises.isEmpty else { return }
        let id = SQLValue.text(applicationID)
        try insertEvaluations(promises.evaluations, of: id, in: connection)
        try insertRectifications(promises.rectifications, of: id, in: connection)
        try insertCards(promises.cards, of: id, in: connection)
        try insertNotices(promises.notices, of: id, in: connection)
    }

    private static func insertEvaluations(_ items: [EvaluationRecord], of id: SQLValue, in connection: Connection) throws(StoreError) {
        for item in items {
            try connection.run("""
                INSERT INTO evaluations (application_id, channel, target, department, level, score, comment, at, event_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """, [id, .text(item.channel), .text(item.target), .text(item.department), .text(item.level),
                      .int(item.score), .text(item.comment), .date(item.at), .text(item.eventID)])
        }
    }

    private static func insertRectifications(_ items: [RectificationRecord], of id: SQLValue,
                                             in connection: Connection) throws(StoreError) {
        for item in items {
            try connection.run("""
                INSERT INTO rectifications (application_id, id, department, matter, channel, level, comment, opened_at,
                                            deadline, closed_at, note, overdue_notified)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                """, [id, .text(item.id), .text(item.department), .text(item.matter), .text(item.channel),
                      .text(item.level), .text(item.comment), .date(item.openedAt), .date(item.deadline),
                      .date(item.closedAt), .text(item.note), .bool(item.overdueNotified)])
        }
    }

    private static func insertCards(_ items: [CardRecord], of id: SQLValue, in connection: Connection) throws(StoreError) {
        for item in items {
            try connection.run("""
                INSERT INTO cards (application_id, id, subject, department, level, recipient, opened_at,
                                   acknowledged_at, rectified_at, note, closed_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """, [id, .text(item.id), .text(item.subject), .text(item.department), .text(item.level),
                      .text(item.recipient), .date(item.openedAt), .date(item.acknowledgedAt),
                      .date(item.rectifiedAt), .text(item.note), .date(item.closedAt)])
        }
    }

    private static func insertNotices(_ items: [NoticeRecord], of id: SQLValue, in connection: Connection) throws(StoreError) {
        for item in items { try connection.run(.insertNotices(count: 1), noticeValues(item, of: id)) }
    }

    /// A notice's row (`insertNoticesSQL`).
    static func noticeValues(_ item: NoticeRecord, of id: SQLValue) -> [SQLValue] {
        [id, .text(item.id), .text(item.kind), .date(item.at),
         .textBytes(item.covers.isEmpty ? emptyList : JSONValue.array(item.covers.map { .string($0) }).serialized())]
    }

    private static let emptyList = Array("[]".utf8)

    /// Inserts `count` notices in one statement (`OR FAIL`: a restore inserts many at
    /// once, see `HotStatement.insertRestoredApplications`; for one row it is the same
    /// as the default).
    static func insertNoticesSQL(count: Int) -> String {
        "INSERT OR FAIL INTO notices (application_id, id, kind, at, covers) VALUES "
            + (0..<count).map { row in "(" + (1...5).map { "?\(row * 5 + $0)" }.joined(separator: ", ") + ")" }
                .joined(separator: ", ")
    }

    static func load(of applicationID: String, in connection: Connection) throws(StoreError) -> PromiseRecords {
        let id = SQLValue.text(applicationID)
        var promises = PromiseRecords()
        promises.evaluations = try connection.query(selectEvaluations, [id]) { row throws(StoreError) in
            let target = try row.string(1)
            return EvaluationRecord(channel: try row.string(0),
                                    matter: target == EvaluationRecord.applicationTarget ? nil : target,
                                    department: try row.string(2), level: try row.string(3), score: try row.int(4),
                                    comment: row.optionalString(5), at: try row.date(6), eventID: try row.string(7))
        }
        promises.rectifications = try connection.query(selectRectifications, [id]) { row throws(StoreError) in
            RectificationRecord(id: try row.string(0), department: try row.string(1), matter: row.optionalString(2),
                                channel: try row.string(3), level: try row.string(4), comment: row.optionalString(5),
                                openedAt: try row.date(6), deadline: try row.date(7), closedAt: row.optionalDate(8),
                                note: row.optionalString(9), overdueNotified: try row.bool(10))
        }
        promises.cards = try connection.query(selectCards, [id]) { row throws(StoreError) in
            CardRecord(id: try row.string(0), subject: try row.string(1), department: try row.string(2),
                       level: try row.string(3), recipient: try row.string(4), openedAt: try row.date(5),
                       acknowledgedAt: row.optionalDate(6), rectifiedAt: row.optionalDate(7), note: row.optionalString(8),
                       closedAt: row.optionalDate(9))
        }
        promises.notices = try connection.query(selectNotices, [id]) { row throws(StoreError) in
            let covers = try JSONColumns.parse(try row.textBytes(3), column: "notices.covers").arrayValue?
                .compactMap(\.stringValue) ?? []
            return NoticeRecord(id: try row.string(0), kind: try row.string(1), at: try row.date(2), covers: covers)
        }
        return promises
    }
}
