import OneThingCrypto
import OneThingExchange

/// What the hub trusts and how it signs: the public keys of every department and channel
/// (and of the hub), the hub's own private key, and each sender's policy.
///
/// `hubd run` reads it from the keys folder (`--keys`, see `KeyDirectory`): every
/// `*.pub.pem` under it, and `hub.key.pem` (mode 0600) for the hub's own signatures.
public struct MessageTrust: Sendable {
    /// The signer name of the hub's own messages (its `ce_source`).
    public static let hubSigner = "/hub"
    /// The `ce_source` of a department's messages; replies must be signed by it.
    public static func departmentSigner(_ department: String) -> String { "/departments/" + department }
    /// Intake is signed by channels, whose sources live under this prefix.
    public static let channelPrefix = "/channels/"
    /// Administrators' orders on the orders topic (`hubctl --bootstrap-servers ... --keys`)
    /// are signed by an operator, `/operators/<name>`, the name the order records.
    public static let operatorPrefix = AdministratorOrder.operatorSourcePrefix
    /// The signer of operator `name`'s orders.
    public static func operatorSigner(_ name: String) -> String { AdministratorOrder.source(ofOperator: name) }

    public var ring: PublicKeyRing
    /// The hub's private key (signer ``hubSigner``).
    public var hubKey: PrivateKey
    public var policies: SenderPolicies
    /// Told of every unsigned message a `verify-if-present` policy let through (sender,
    /// topic): the pipeline counts and logs it.
    public var onUnsignedAccepted: @Sendable (_ sender: String, _ topic: String) -> Void = { _, _ in }

    public init(ring: PublicKeyRing, hubKey: PrivateKey, policies: SenderPolicies = SenderPolicies()) {
        self.ring = ring
        self.hubKey = hubKey
        self.policies = policies
    }

    /// Reads the keys folder: every public key, and the hub's private key.
    public init(keys: KeyDirectory, policies: SenderPolicies = SenderPolicies()) throws(CryptoError) {
        try self.init(ring: PublicKeyRing(directory: keys), hubKey: keys.privateKey(for: Self.hubSigner), policies: policies)
    }
}
