/// The reform's promises to the applicant and its supervision, as a flow's catalogue states
/// them (`<flow>/promises.json`): 好差评 evaluations and the rectifications a bad one
/// opens, 一次告知 notices to the applicant, and 督办 cards for late departments. Policy
/// only (levels, deadlines, templates, contacts): another city changes it without Swift.
public struct PromisePolicy: Sendable, Hashable {
    public let evaluations: EvaluationPolicy
    public let notifications: NotificationPolicy
    public let supervision: SupervisionPolicy
    public let types: PromiseEventTypes

    /// The three topics the promises publish on, in catalogue order.
    public var topics: [String] { [evaluations.topic, notifications.topic, supervision.topic] }
}

/// 好差评 (GB/T 39734): the levels a channel may give, and what a bad one sets off.
public struct EvaluationPolicy: Sendable, Hashable {
    /// Full topic name (the flow's prefix + the catalogue's suffix).
    public let topic: String
    /// Best first.
    public let levels: [SatisfactionLevel]
    /// The department answerable for an evaluation of the application as a whole (the
    /// lead department of the one thing).
    public let applicationDepartment: String
    /// How long a department has to close a rectification (`"5wd"`: working days of the
    /// catalogue's calendar, or calendar time).
    public let rectificationTimeLimit: TimeLimit
    /// Longer comments are refused, not cut: the evaluation would no longer say what the
    /// applicant wrote.
    public let maxCommentLength: Int

    /// The level named by its code (`dissatisfied`) or its standard name (`不满意`).
    public func level(_ text: String) -> SatisfactionLevel? {
        levels.first { $0.code == text || $0.name == text }
    }
}

public struct SatisfactionLevel: Sendable, Hashable {
    public let code: String
    /// The name of the level in GB/T 39734, e.g. 非常满意.
    public let name: String
    /// 5 (best) .. 1.
    public let score: Int
    /// A 差评: opens a rectification (整改) for the department answerable.
    public let opensRectification: Bool
}

/// 一次告知: what the applicant is told, on which topic, and how supplement requests of
/// several departments become one notice.
public struct NotificationPolicy: Sendable, Hashable {
    public let topic: String
    /// Where the form keeps the applicant's phone number (a dotted path).
    public let phoneField: String
    /// Seconds, unscaled: supplement requests are gathered at least this long...
    public let supplementWindow: Double
    /// ...and while other matters are still being decided, but never longer than this.
    public let supplementMaxWait: Double
    /// Kind (`accepted`, `supplement`, or an outcome) -> text with `{placeholders}`.
    public let templates: [String: String]
    /// One line of a supplement notice, per matter (`{matterName}`, `{reason}`, ...).
    public let itemTemplate: String
    /// Between the items of a supplement notice.
    public let itemSeparator: String
}

/// 督办: who answers for each department, who supervises, and the card levels.
public struct SupervisionPolicy: Sendable, Hashable {
    public let topic: String
    public let supervisingOffice: Contact
    /// Department code -> its liaison (联络人).
    public let liaisons: [String: Contact]
    /// In the order they are reached (earliest first).
    public let cards: [CardLevel]

    /// Who receives a card of this level from this department.
    public func recipient(of level: CardLevel, department: String) -> Contact {
        switch level.recipient {
        case .liaison: liaisons[department] ?? supervisingOffice
        case .supervisingOffice: supervisingOffice
        }
    }
}

public struct Contact: Sendable, Hashable {
    public let name: String
    public let phone: String
}

/// One escalation level: a card opened when `fraction` of a time limit has passed
/// (0.8: due soon; 1.0: the deadline; 1.5: overdue by half the limit).
public struct CardLevel: Sendable, Hashable {
    public let level: String
    /// Display name, e.g. 黄牌.
    public let name: String
    public let fraction: Double
    public let recipient: CardRecipient
}

public enum CardRecipient: String, Sendable, Hashable {
    case liaison
    case supervisingOffice = "supervising-office"
}

/// The `ce_type`s of the promises, under the flow's stem: what channels and departments
/// send (`evaluated` on intake; `card-acknowledged`, `card-rectified`, `rectified` on a
/// department's reply topic) and what the hub publishes (`evaluation`, `notification`,
/// `supervision`). Built once: routing compares against them at every message.
public struct PromiseEventTypes: Sendable, Hashable {
    public let evaluated: String
    public let cardAcknowledged: String
    public let cardRectified: String
    public let rectified: String
    public let evaluation: String
    public let notification: String
    public let supervision: String

    public init(stem: String) {
        evaluated = stem + ".evaluated"
        cardAcknowledged = stem + ".card-acknowledged"
        cardRectified = stem + ".card-rectified"
        rectified = stem + ".rectified"
        evaluation = stem + ".evaluation"
        notification = stem + ".notification"
        supervision = stem + ".supervision"
    }

    /// What a department may send about cards and rectifications.
    public var departmentTypes: [String] { [cardAcknowledged, cardRectified, rectified] }
}
