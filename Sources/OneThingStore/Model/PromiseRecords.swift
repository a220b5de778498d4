import Foundation

/// What the hub promised around one application beyond the exchange itself: the
/// evaluations channels gave (好差评), the rectifications bad ones opened (整改), the
/// supervision cards late departments received (督办), and the notices sent to the
/// applicant (一次告知). Saved with the application (`ApplicationRecord.promises`), in its
/// own tables, and in the state record.
public struct PromiseRecords: Sendable, Hashable {
    /// One per channel and target; a later evaluation replaces the earlier one.
    public var evaluations: [EvaluationRecord]
    public var rectifications: [RectificationRecord]
    public var cards: [CardRecord]
    public var notices: [NoticeRecord]

    public init(evaluations: [EvaluationRecord] = [], rectifications: [RectificationRecord] = [],
                cards: [CardRecord] = [], notices: [NoticeRecord] = []) {
        self.evaluations = evaluations
        self.rectifications = rectifications
        self.cards = cards
        self.notices = notices
    }

    public var isEmpty: Bool { evaluations.isEmpty && rectifications.isEmpty && cards.isEmpty && notices.isEmpty }
}

/// One channel's evaluation of the application (`matter` nil) or of one of its matters.
public struct EvaluationRecord: Sendable, Hashable {
    /// The channel's `ce_source`.
    public var channel: String
    public var matter: String?
    /// The department answerable for the target.
    public var department: String
    /// The level's code in the catalogue, e.g. `dissatisfied`.
    public var level: String
    public var score: Int
    public var comment: String?
    public var at: Date
    public var eventID: String

    public init(channel: String, matter: String?, department: String, level: String, score: Int,
                comment: String?, at: Date, eventID: String) {
        self.channel = channel
        self.matter = matter
        self.department = department
        self.level = level
        self.score = score
        self.comment = comment
        self.at = at
        self.eventID = eventID
    }

    /// `matter` or `application`: what an evaluation is about, as tables and reports name it.
    public var target: String { matter ?? Self.applicationTarget }
    public static let applicationTarget = "application"
}

/// A rectification (整改) a department owes after a bad evaluation.
public struct RectificationRecord: Sendable, Hashable {
    /// `<applicationId>:rect:<n>`, numbered within the application.
    public var id: String
    public var department: String
    public var matter: String?
    public var channel: String
    public var level: String
    public var comment: String?
    public var openedAt: Date
    public var deadline: Date
    public var closedAt: Date?
    /// What the department reported when closing it.
    public var note: String?
    public var overdueNotified: Bool

    public init(id: String, department: String, matter: String?, channel: String, level: String, comment: String?,
                openedAt: Date, deadline: Date, closedAt: Date? = nil, note: String? = nil, overdueNotified: Bool = false) {
        self.id = id
        self.department = department
        self.matter = matter
        self.channel = channel
        self.level = level
        self.comment = comment
        self.openedAt = openedAt
        self.deadline = deadline
        self.closedAt = closedAt
        self.note = note
        self.overdueNotified = overdueNotified
    }
}

/// A supervision card (督办): opened when a matter (or a rectification) reached a level's
/// share of its time limit; acknowledged and rectified by the department; closed when
/// the matter is final (or the rectification closed).
public struct CardRecord: Sendable, Hashable {
    /// `<applicationId>:card:<n>`, numbered within the application.
    public var id: String
    /// A matter code, or a rectification's id.
    public var subject: String
    public var department: String
    public var level: String
    /// `liaison` or `supervising-office`.
    public var recipient: String
    public var openedAt: Date
    public var acknowledgedAt: Date?
    public var rectifiedAt: Date?
    public var note: String?
    public var closedAt: Date?

    public init(id: String, subject: String, department: String, level: String, recipient: String, openedAt: Date,
                acknowledgedAt: Date? = nil, rectifiedAt: Date? = nil, note: String? = nil, closedAt: Date? = nil) {
        self.id = id
        self.subject = subject
        self.department = department
        self.level = level
        self.recipient = recipient
        self.openedAt = openedAt
        self.acknowledgedAt = acknowledgedAt
        self.rectifiedAt = rectifiedAt
        self.note = note
        self.closedAt = closedAt
    }
}

/// A notice sent to the applicant. The text itself (with the name and phone number) is
/// only on the notifications topic; the store keeps what it was about.
public struct NoticeRecord: Sendable, Hashable {
    /// `<applicationId>:notice:<n>`.
    public var id: String
    /// `accepted`, `supplement`, or the outcome.
    public var kind: String
    public var at: Date
    /// For a supplement notice: the supplement requests it covers, as `<matter>:r<revision>`.
    public var covers: [String]

    public init(id: String, kind: String, at: Date, covers: [String] = []) {
        self.id = id
        self.kind = kind
        self.at = at
        self.covers = covers
    }
}
