import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingHub
import OneThingKafka
import OneThingSimulator

/// Signatures in the benchmark, as a deployment has them: fresh SM2 keys for the hub,
/// every department and the bench's channel; the hub verifies and signs, the channel and
/// departments sign, and replies quote the request digest.
struct BenchSigning: Sendable {
    static let channel = "/channels/bench"

    let trust: MessageTrust
    private let senders: [String: SenderSignature]

    init(flow: Flow, algorithm: SignatureAlgorithm = .sm2) throws {
        var senders: [String: SenderSignature] = [:]
        var ring: [String: PublicKey] = [:]
        let signers = [MessageTrust.hubSigner, Self.channel] + flow.departments.map { MessageTrust.departmentSigner($0.code) }
        for signer in signers {
            let key = try PrivateKey.generate(algorithm)
            senders[signer] = SenderSignature(signer: signer, key: key)
            ring[signer] = try key.publicKey()
        }
        guard let hub = senders[MessageTrust.hubSigner] else { throw BenchFailure("no hub key") }
        self.senders = senders
        trust = MessageTrust(ring: PublicKeyRing(keys: ring), hubKey: hub.key)
    }

    /// `message` signed by `signer`.
    func sign(_ message: OutgoingMessage, as signer: String) throws -> OutgoingMessage {
        guard let sender = senders[signer] else { throw BenchFailure("no key for \(signer)") }
        return try sender.sign(message)
    }
}
