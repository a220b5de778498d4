import OneThingCrypto
import OneThingStore

/// The hub's signature on what it produces: requests, cancels and status events carry
/// `ce_signer: /hub`, `ce_sigalg` and `ce_signature` over their canonical content (see
/// `SignedContent`), and requests and cancels carry `ce_requestdigest`.
///
/// Not signed: dead letters (their headers are the refused message's own, its signature
/// included, kept as received for whoever checks them), and the hub's internal topics
/// (state, repartition), which only hubs read.
public struct OutboundSigning: Sendable {
    public let key: PrivateKey
    public let signer: String

    public init(key: PrivateKey, signer: String = MessageTrust.hubSigner) {
        self.key = key
        self.signer = signer
    }

    /// The request digest of a request's value: SM3, lower-case hex. What a department
    /// quotes back in `ce_requestdigest`; the same bytes resent give the same digest.
    static func requestDigest(of value: [UInt8]) -> String? {
        try? SM3Digest(of: value).hex
    }

    /// `message` with its signature headers (replacing any). Signing with a loaded key only
    /// fails when OpenSSL cannot allocate memory; the message then leaves unsigned and its
    /// readers refuse it, which is visible, rather than stopping the engine.
    func sign(_ message: EngineMessage) -> EngineMessage {
        let unsigned = message.headers.filter { !MessageSignature.headerNames.contains($0.key) }
        guard let added = try? MessageSignature.sign(key: Array(message.key.utf8),
                                                     headers: unsigned.map { (key: $0.key, value: Optional($0.value)) },
                                                     value: message.value, signer: signer, with: key) else {
            return message
        }
        var signed = message
        signed.headers = unsigned + added.map { StoredHeader(key: $0.key, value: $0.value) }
        return signed
    }
}
