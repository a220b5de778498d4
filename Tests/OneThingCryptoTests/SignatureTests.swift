import Testing
import OneThingCrypto

@Suite struct SignatureTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func signatureVerifiesOnlyForItsMessageAndKey(algorithm: SignatureAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let other = try PrivateKey.generate(algorithm).publicKey()
        let message = Array("申请 GX-20261122-000001".utf8)
        let signature = try key.sign(message)
        let publicKey = try key.publicKey()
        #expect(key.algorithm == algorithm && publicKey.algorithm == algorithm)
        #expect(try publicKey.verify(signature: signature, message: message))
        var tampered = message
        tampered[0] ^= 1
        #expect(try !publicKey.verify(signature: signature, message: tampered))
        #expect(try !other.verify(signature: signature, message: message))
        #expect(try !publicKey.verify(signature: [], message: message))
        #expect(try !publicKey.verify(signature: Array(repeating: 0x30, count: 80), message: message))
    }

    @Test func sm2KeysCannotVerifyEd25519SignaturesAndBack() throws {
        let sm2 = try PrivateKey.generate(.sm2)
        let ed25519 = try PrivateKey.generate(.ed25519)
        let message: [UInt8] = [1, 2, 3]
        #expect(try !sm2.publicKey().verify(signature: ed25519.sign(message), message: message))
        #expect(try !ed25519.publicKey().verify(signature: sm2.sign(message), message: message))
    }

    /// A failed verification leaves nothing on OpenSSL's error queue that a later, good
    /// operation could report as its own failure.
    @Test func failedVerificationDoesNotPoisonLaterCalls() throws {
        let key = try PrivateKey.generate(.sm2)
        let publicKey = try key.publicKey()
        for _ in 0..<3 {
            #expect(try !publicKey.verify(signature: [0x30, 0x02, 0x00, 0x00], message: [9]))
        }
        #expect(try publicKey.verify(signature: key.sign([9]), message: [9]))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func pemRoundTripKeepsTheKey(algorithm: SignatureAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let reread = try PrivateKey(pem: key.pem())
        let publicKey = try PublicKey(pem: key.publicKey().pem())
        #expect(reread.algorithm == algorithm)
        #expect(try publicKey.verify(signature: reread.sign([7, 7]), message: [7, 7]))
        #expect(String(decoding: try key.pem(), as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(String(decoding: try publicKey.pem(), as: UTF8.self).hasPrefix("-----BEGIN PUBLIC KEY-----"))
    }

    @Test func garbageIsAnErrorWithOpenSSLsReason() {
        #expect {
            _ = try PublicKey(pem: Array("not a key".utf8))
        } throws: { error in
            guard case CryptoError.openssl(let operation, let reason)? = error as? CryptoError else { return false }
            return operation == "PEM_read_bio_PUBKEY" && !reason.isEmpty
        }
    }

    @Test func configurationNames() {
        #expect(SignatureAlgorithm(configurationName: "SM2") == .sm2)
        #expect(SignatureAlgorithm(configurationName: "sm2-sm3") == .sm2)
        #expect(SignatureAlgorithm(configurationName: "ed25519") == .ed25519)
        #expect(SignatureAlgorithm(configurationName: "rsa") == nil)
    }
}
