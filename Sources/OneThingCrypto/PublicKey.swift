import COpenSSL

/// A verification key: SM2 or Ed25519, read from PEM (`SubjectPublicKeyInfo`).
public struct PublicKey: Sendable {
    let key: OwnedKey
    /// SM2 (over SM3) or Ed25519, as the key itself says.
    public let algorithm: SignatureAlgorithm

    /// Reads a PEM public key, as `openssl pkey -pubout` writes it.
    public init(pem: [UInt8]) throws(CryptoError) {
        let buffer = try MemoryBuffer(copying: pem)
        guard let pointer = PEM_read_bio_PUBKEY(buffer.pointer, nil, nil, nil) else {
            throw OpenSSLErrorQueue.failure("PEM_read_bio_PUBKEY")
        }
        key = OwnedKey(taking: pointer)
        algorithm = try key.algorithm()
    }

    /// The key as PEM.
    public func pem() throws(CryptoError) -> [UInt8] {
        let buffer = try MemoryBuffer()
        guard PEM_write_bio_PUBKEY(buffer.pointer, key.pointer) == 1 else {
            throw OpenSSLErrorQueue.failure("PEM_write_bio_PUBKEY")
        }
        return buffer.contents()
    }

    /// Whether `signature` is this key's signature of `message`. A malformed or wrong
    /// signature is `false`, not an error; errors are for OpenSSL failing to run at all.
    public func verify(signature: [UInt8], message: [UInt8]) throws(CryptoError) -> Bool {
        let context = try SignatureContext(key: key, algorithm: algorithm)
        guard EVP_DigestVerifyInit(context.digestContext, nil, SignatureContext.digest(for: algorithm), nil, key.pointer) == 1 else {
            throw OpenSSLErrorQueue.failure("EVP_DigestVerifyInit")
        }
        let verdict = signature.withUnsafeBufferPointer { signatureBytes in
            message.withUnsafeBufferPointer {
                EVP_DigestVerify(context.digestContext, signatureBytes.baseAddress, signatureBytes.count, $0.baseAddress, $0.count)
            }
        }
        guard verdict == 1 else {
            OpenSSLErrorQueue.clear()
            return false
        }
        return true
    }
}
