import Foundation

/// One row of the evidence log (see `Schema.version8`): what was exchanged, who signed
/// it, its digest, and its link in the hash chain.
public struct EvidenceRecord: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A message the hub read (intake, a reply).
        case consumed
        /// A message the hub wrote (a request, a cancel, a status snapshot, a dead letter).
        case produced
        /// An operator had an application's personal data shown (`hubctl show --reveal`).
        case reveal
        /// The hub's signature over the chain head: everything up to it is vouched for.
        case checkpoint
    }

    public var seq: Int64
    public var at: Date
    public var kind: Kind
    public var applicationID: String?
    public var topic: String?
    /// `ce_type` of the message.
    public var eventType: String?
    /// `ce_id` of the message.
    public var eventID: String?
    public var signer: String
    /// SM3 (hex) of what the row stands for.
    public var digest: String
    /// Base64: a checkpoint's signature, or the message's own `ce_signature`.
    public var signature: String?
    /// `sm2-sm3` or `ed25519` when there is a signature.
    public var algorithm: String?
    /// The hash of the row before (64 zeros for the first).
    public var previous: String
    public var hash: String

    public init(seq: Int64, at: Date, kind: Kind, applicationID: String? = nil, topic: String? = nil,
                eventType: String? = nil, eventID: String? = nil, signer: String, digest: String,
                signature: String? = nil, algorithm: String? = nil, previous: String, hash: String) {
        self.seq = seq
        self.at = at
        self.kind = kind
        self.applicationID = applicationID
        self.topic = topic
        self.eventType = eventType
        self.eventID = eventID
        self.signer = signer
        self.digest = digest
        self.signature = signature
        self.algorithm = algorithm
        self.previous = previous
        self.hash = hash
    }
}
