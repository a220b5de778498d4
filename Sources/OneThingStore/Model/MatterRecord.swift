import Foundation
import OneThingExchange

/// One applicable matter of an application: where it stands with its department and
/// every clock the hub runs for it.
public struct MatterRecord: Sendable, Hashable {
    public var code: String
    public var department: String
    public var state: MatterState
    /// 0 until first sent; + 1 at each resend after a supplement.
    public var revision: Int
    /// `ce_id` of the current revision's request.
    public var requestID: String?
    /// First send of the current revision (the time-limit clock starts here).
    public var sentAt: Date?
    /// Last (re)send, for the acknowledgement timer.
    public var lastSentAt: Date?
    public var receivedAt: Date?
    public var finalAt: Date?
    /// sentAt + scaled limit + paused time.
    public var deadline: Date?
    /// Set while supplement-required (the clock is paused since then).
    public var supplementSince: Date?
    /// Total time spent supplement-required.
    public var pausedSeconds: Double
    /// Resends of the current revision.
    public var resends: Int
    public var stalled: Bool
    public var dueSoonNotified: Bool
    public var overdueNotified: Bool
    public var outputs: JSONObject
    public var reason: String?
    /// SM3 digests (hex) of the current revision's request as sent: a reply must quote one
    /// of them (`ce_requestdigest`). Usually one; a resend whose body differs (outputs of
    /// other matters approved meanwhile) adds its own, so replies to either copy are bound.
    /// Empty when the hub did not sign the request (signatures off, or sent before them).
    public var requestDigests: [String]

    public init(code: String, department: String, state: MatterState = .waiting, revision: Int = 0,
                requestID: String? = nil, sentAt: Date? = nil, lastSentAt: Date? = nil,
                receivedAt: Date? = nil, finalAt: Date? = nil, deadline: Date? = nil,
                supplementSince: Date? = nil, pausedSeconds: Double = 0, resends: Int = 0,
                stalled: Bool = false, dueSoonNotified: Bool = false, overdueNotified: Bool = false,
                outputs: JSONObject = JSONObject(), reason: String? = nil, requestDigests: [String] = []) {
        self.code = code
        self.department = department
        self.state = state
        self.revision = revision
        self.requestID = requestID
        self.sentAt = sentAt
        self.lastSentAt = lastSentAt
        self.receivedAt = receivedAt
        self.finalAt = finalAt
        self.deadline = deadline
        self.supplementSince = supplementSince
        self.pausedSeconds = pausedSeconds
        self.resends = resends
        self.stalled = stalled
        self.dueSoonNotified = dueSoonNotified
        self.overdueNotified = overdueNotified
        self.outputs = outputs
        self.reason = reason
        self.requestDigests = requestDigests
    }
}
