import Foundation
import OneThingExchange

/// Everything the hub knows about one application, saved and loaded as a whole
/// (`StoreWriter.save`, `StoreReader.application(id:)`) together with its matters.
public struct ApplicationRecord: Sendable, Hashable {
    public var id: String
    /// Flow name, e.g. the catalogue's flow that produced it.
    public var flow: String
    public var state: ApplicationState
    /// The current application (after supplements); for invalid ones, what was received
    /// if it parsed, else `.null`.
    public var document: JSONValue
    /// Digest of the canonical submitted document: tells a duplicate from a conflict.
    public var contentDigest: String
    /// `ce_id` of the submission.
    public var submittedEventID: String
    /// `ce_source` of the submission: the channel that handed the application in, the one
    /// that may supplement or withdraw it (with those the flow names as acting for the
    /// applicant). Empty when unknown (stored before the hub recorded it).
    public var submittedSource: String
    /// nil for invalid applications.
    public var acceptedAt: Date?
    /// acceptedAt + scaled overall limit + time spent awaiting supplements (moved out when
    /// each pause ends).
    public var deadline: Date?
    /// Set while the application is awaiting a supplement: its overall clock is paused
    /// since then (nil while it runs).
    public var supplementSince: Date?
    /// The hub announced that the application passed its overall deadline (once).
    public var overdueNotified: Bool
    public var outcome: Outcome?
    /// For invalid / last conflict / last supplement-invalid.
    public var errors: [FieldIssue]
    public var notApplicable: [NotApplicable]
    /// Applicable matters, catalogue order (the store keeps this order).
    public var matters: [MatterRecord]
    /// Status `event` of the last change.
    public var lastEvent: String
    public var lastEventMatter: String?
    public var updatedAt: Date
    /// Earliest instant any timer of this application is due (the engine computes it;
    /// the store indexes it for `applicationsWithTimersDue`). nil: nothing armed.
    public var nextTimerAt: Date?
    /// The owner epoch of the last state record written or restored for this application
    /// (see `StateRecord`): the engine never reads it; the store keeps it so a restore can
    /// ignore records of an instance that had lost the application's partition.
    public var ownerEpoch: Int64
    /// Evaluations, rectifications, cards and notices (empty for most applications).
    public var promises = PromiseRecords()

    public init(id: String, flow: String, state: ApplicationState, document: JSONValue,
                contentDigest: String, submittedEventID: String, acceptedAt: Date? = nil,
                deadline: Date? = nil, outcome: Outcome? = nil, errors: [FieldIssue] = [],
                notApplicable: [NotApplicable] = [], matters: [MatterRecord] = [],
                lastEvent: String, lastEventMatter: String? = nil, updatedAt: Date,
                nextTimerAt: Date? = nil, supplementSince: Date? = nil, overdueNotified: Bool = false,
                ownerEpoch: Int64 = 0, submittedSource: String = "") {
        self.id = id
        self.flow = flow
        self.state = state
        self.document = document
        self.contentDigest = contentDigest
        self.submittedEventID = submittedEventID
        self.submittedSource = submittedSource
        self.acceptedAt = acceptedAt
        self.deadline = deadline
        self.outcome = outcome
        self.errors = errors
        self.notApplicable = notApplicable
        self.matters = matters
        self.lastEvent = lastEvent
        self.lastEventMatter = lastEventMatter
        self.updatedAt = updatedAt
        self.nextTimerAt = nextTimerAt
        self.supplementSince = supplementSince
        self.overdueNotified = overdueNotified
        self.ownerEpoch = ownerEpoch
    }

    /// The matter with this code, if applicable.
    public func matter(_ code: String) -> MatterRecord? {
        matters.first { $0.code == code }
    }
}
