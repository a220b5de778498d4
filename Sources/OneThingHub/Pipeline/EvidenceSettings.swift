import Foundation
import OneThingCrypto

/// How the hub keeps the evidence log (`OneThingEvidence`): every message it consumes or
/// produces, in a hash chain in its store, with a signed checkpoint of the chain head at
/// least every `checkpointInterval` while the chain grows, each row also published to the
/// flow's evidence topic.
public struct EvidenceSettings: Sendable {
    /// The name checkpoints are signed under (the hub's `ce_source`).
    public var signer: String = "/hub"
    /// The hub's private key, which signs checkpoints; nil: the chain is kept and
    /// published, but nothing vouches for its head (hubd warns).
    public var checkpointKey: PrivateKey?
    public var checkpointInterval: Duration = .seconds(60)
    /// Copies every row to the flow's evidence topic.
    public var publishesTopic = true

    public init(checkpointKey: PrivateKey? = nil) {
        self.checkpointKey = checkpointKey
    }
}
