#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingHub
import OneThingKafka

/// What one signature costs: signing and verifying the benchmark's first application as
/// its channel sends it (the whole canonical form: key, headers, value), on this thread,
/// in thread CPU time, for SM2 over SM3 and for Ed25519.
struct BenchSignatureCost {
    struct Figures: Sendable {
        var algorithm: SignatureAlgorithm
        var messageBytes: Int
        var signMicroseconds: Double
        var verifyMicroseconds: Double
    }

    let message: OutgoingMessage
    var rounds = 2_000

    func run(_ algorithm: SignatureAlgorithm) throws -> Figures {
        let key = try PrivateKey.generate(algorithm)
        let ring = PublicKeyRing(keys: [BenchSigning.channel: try key.publicKey()])
        let headers = message.headers.map { (key: $0.key, value: $0.value) }
        var signed: [(key: String, value: [UInt8]?)] = []
        let signStart = Self.threadCPU()
        for _ in 0..<rounds {
            let added = try MessageSignature.sign(key: message.key, headers: headers, value: message.value,
                                                  signer: BenchSigning.channel, with: key)
            signed = headers + added.map { (key: $0.key, value: Optional($0.value)) }
        }
        let signSeconds = Self.threadCPU() - signStart
        let verifyStart = Self.threadCPU()
        for _ in 0..<rounds {
            guard MessageSignature.verify(key: message.key, headers: signed, value: message.value, ring: ring)
                == .valid(signer: BenchSigning.channel) else { throw BenchFailure("a signature made here did not verify") }
        }
        let verifySeconds = Self.threadCPU() - verifyStart
        let bytes = (message.key?.count ?? 0) + (message.value?.count ?? 0)
            + message.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
        return Figures(algorithm: algorithm, messageBytes: bytes, signMicroseconds: signSeconds * 1e6 / Double(rounds),
                       verifyMicroseconds: verifySeconds * 1e6 / Double(rounds))
    }

    private static func threadCPU() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
