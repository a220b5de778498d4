import Foundation
import OneThingExchange

/// What `hubctl stats` needs of each accepted application to report the reform's
/// figures by period, region and channel: its instants and the two form fields that say
/// where it was handled and through which channel (neither is personal data).
public struct ApplicationFacts: Sendable, Hashable {
    public var id: String
    public var flow: String
    public var acceptedAt: Date
    public var deadline: Date?
    /// When its last matter became final, for applications with an outcome.
    public var finishedAt: Date?
    public var outcome: Outcome?
    /// The form's `channel`, nil when absent or not text.
    public var channel: String?
    /// The form's `handlingRegion` (受理地行政区划代码), nil when absent or not text.
    public var handlingRegion: String?

    public init(id: String, flow: String, acceptedAt: Date, deadline: Date?, finishedAt: Date?, outcome: Outcome?,
                channel: String?, handlingRegion: String?) {
        self.id = id
        self.flow = flow
        self.acceptedAt = acceptedAt
        self.deadline = deadline
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.channel = channel
        self.handlingRegion = handlingRegion
    }
}

extension StoreReader {
    /// Every accepted application's facts, ordered by acceptance: one pass over the
    /// applications, the two form fields read by SQLite's JSON functions so the
    /// documents never cross into Swift (a document that is not valid JSON gives nil).
    public func applicationFacts() throws(StoreError) -> [ApplicationFacts] {
        try database.query("""
            SELECT a.id, a.flow, a.outcome, a.accepted_at, a.deadline,
                   CASE WHEN a.outcome IS NOT NULL
                        THEN (SELECT max(m.final_at) FROM matters m WHERE m.application_id = a.id) END,
                   a.updated_at,
                   CASE WHEN json_valid(a.document) AND json_type(a.document, '$.channel') = 'text'
                        THEN json_extract(a.document, '$.channel') END,
                   CASE WHEN json_valid(a.document) AND json_type(a.document, '$.handlingRegion') = 'text'
                        THEN json_extract(a.document, '$.handlingRegion') END
            FROM applications a WHERE a.accepted_at IS NOT NULL ORDER BY a.accepted_at, a.id
            """, []) { row throws(StoreError) in
            let outcome = try row.optionalString(2).map { raw throws(StoreError) in
                try decodeEnum(Outcome.self, raw, column: "applications.outcome")
            }
            return ApplicationFacts(
                id: try row.string(0), flow: try row.string(1), acceptedAt: try row.date(3), deadline: row.optionalDate(4),
                finishedAt: outcome == nil ? nil : (row.optionalDate(5) ?? row.optionalDate(6)), outcome: outcome,
                channel: row.optionalString(7), handlingRegion: row.optionalString(8))
        }
    }
}
