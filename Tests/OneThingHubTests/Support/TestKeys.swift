import OneThingCrypto
import OneThingExchange
import OneThingKafka
import OneThingTestSupport
@testable import OneThingHub

/// Key pairs for every signer of the test flow (the hub, each department, the test
/// channels), generated once per test process: the test beds sign and verify as a real
/// deployment does, with keys nobody else has.
enum TestKeys {
    static let channels = ["/channels/online", "/channels/bank", "/channels/window", "/channels/employer"]
    /// Operators who sign administrators' orders (hubctl against a cluster).
    static let operators = ["/operators/operator-li", "/operators/operator-wang"]

    static let all: [String: PrivateKey] = {
        var keys: [String: PrivateKey] = [:]
        let signers = [MessageTrust.hubSigner] + channels + operators
            + TestFlow.retirement.departments.map { MessageTrust.departmentSigner($0.code) }
        for signer in signers {
            // Generation fails only when OpenSSL cannot run at all; every test would fail then.
            keys[signer] = try? PrivateKey.generate(.sm2)
        }
        return keys
    }()

    static func key(_ signer: String) throws -> PrivateKey {
        guard let key = all[signer] else { throw TestFailure("no test key for \(signer)") }
        return key
    }

    /// What the hub trusts: every public key above, its own private key.
    static func trust(policies: SenderPolicies = SenderPolicies()) throws -> MessageTrust {
        var ring: [String: PublicKey] = [:]
        for (signer, key) in all { ring[signer] = try key.publicKey() }
        return MessageTrust(ring: PublicKeyRing(keys: ring), hubKey: try key(MessageTrust.hubSigner), policies: policies)
    }

    /// `message` signed by `signer` (replacing any signature).
    static func sign(_ message: OutgoingMessage, as signer: String) throws -> OutgoingMessage {
        let unsigned = message.headers.filter { !MessageSignature.headerNames.contains($0.key) }
        let added = try MessageSignature.sign(key: message.key, headers: unsigned.map { (key: $0.key, value: $0.value) },
                                              value: message.value, signer: signer, with: key(signer))
        var signed = message
        signed.headers = unsigned + added.map { KafkaHeader(key: $0.key, value: $0.value) }
        return signed
    }
}
