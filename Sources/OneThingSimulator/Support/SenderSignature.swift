import OneThingCrypto
import OneThingKafka

/// A simulated sender's signing key: channels and departments sign what they publish as
/// real ones must (`ce_signer`, `ce_sigalg`, `ce_signature`, see `MessageSignature`).
public struct SenderSignature: Sendable {
    /// The signer's `ce_source` (`/channels/online`, `/departments/hrss`).
    public let signer: String
    public let key: PrivateKey

    public init(signer: String, key: PrivateKey) {
        self.signer = signer
        self.key = key
    }

    /// The signer's private key from a keys folder (see `KeyDirectory`).
    public init(signer: String, keys: KeyDirectory) throws(CryptoError) {
        self.init(signer: signer, key: try keys.privateKey(for: signer))
    }

    /// `message` with its signature headers (replacing any).
    public func sign(_ message: OutgoingMessage) throws(SigningError) -> OutgoingMessage {
        let unsigned = message.headers.filter { !MessageSignature.headerNames.contains($0.key) }
        let added = try MessageSignature.sign(key: message.key, headers: unsigned.map { (key: $0.key, value: $0.value) },
                                              value: message.value, signer: signer, with: key)
        var signed = message
        signed.headers = unsigned + added.map { KafkaHeader(key: $0.key, value: $0.value) }
        return signed
    }
}
