import Foundation

/// An order an administrator gave through hubctl, for hubd (the one writer of Kafka)
/// to carry out: recorded by `recordOrder`, taken by `pendingOrders`, closed by
/// `completeOrder` with a one-sentence result.
public struct AdminOrder: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Send the matter's current request again.
        case resend(matter: String)
        /// Withdraw the application on the applicant's behalf.
        case withdraw(reason: String)
    }

    public var id: Int64
    public var applicationID: String
    public var kind: Kind
    /// Operator user name.
    public var requestedBy: String
    public var requestedAt: Date
    /// nil while pending.
    public var doneAt: Date?
    public var result: String?

    public init(id: Int64, applicationID: String, kind: Kind, requestedBy: String,
                requestedAt: Date, doneAt: Date? = nil, result: String? = nil) {
        self.id = id
        self.applicationID = applicationID
        self.kind = kind
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.doneAt = doneAt
        self.result = result
    }

    public var isPending: Bool { doneAt == nil }
}
