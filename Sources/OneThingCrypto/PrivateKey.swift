import COpenSSL

/// A signing key: SM2 or Ed25519, generated here or read from PEM.
///
/// Holds its `EVP_PKEY` through an owner that frees it; the value may be shared between
/// threads because nothing changes the key after it is made.
public struct PrivateKey: Sendable {
    let key: OwnedKey
    /// SM2 (over SM3) or Ed25519, as the key itself says.
    public let algorithm: SignatureAlgorithm

    init(key: OwnedKey) throws(CryptoError) {
        self.key = key
        algorithm = try key.algorithm()
    }

    /// A fresh key pair from OpenSSL's random generator.
    public static func generate(_ algorithm: SignatureAlgorithm) throws(CryptoError) -> PrivateKey {
        guard let pointer = EVP_PKEY_CTX_new_from_name(nil, algorithm.openSSLKeyType, nil) else {
            throw OpenSSLErrorQueue.failure("EVP_PKEY_CTX_new_from_name(\(algorithm.openSSLKeyType))")
        }
        let context = OwnedKeyContext(taking: pointer)
        guard EVP_PKEY_keygen_init(context.pointer) == 1 else { throw OpenSSLErrorQueue.failure("EVP_PKEY_keygen_init") }
        var generated: OpaquePointer?
        guard EVP_PKEY_generate(context.pointer, &generated) == 1, let generated else {
            throw OpenSSLErrorQueue.failure("EVP_PKEY_generate")
        }
        return try PrivateKey(key: OwnedKey(taking: generated))
    }

    /// Reads a PEM private key (PKCS #8, unencrypted), as `openssl genpkey` writes it.
    public init(pem: [UInt8]) throws(CryptoError) {
        let buffer = try MemoryBuffer(copying: pem)
        guard let pointer = PEM_read_bio_PrivateKey(buffer.pointer, nil, nil, nil) else {
            throw OpenSSLErrorQueue.failure("PEM_read_bio_PrivateKey")
        }
        try self.init(key: OwnedKey(taking: pointer))
    }

    /// The key as PEM (PKCS #8, unencrypted: the file's 0600 mode is its protection).
    public func pem() throws(CryptoError) -> [UInt8] {
        let buffer = try MemoryBuffer()
        guard PEM_write_bio_PrivateKey(buffer.pointer, key.pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLErrorQueue.failure("PEM_write_bio_PrivateKey")
        }
        return buffer.contents()
    }

    /// The matching public key, as a separate object holding no private material.
    public func publicKey() throws(CryptoError) -> PublicKey {
        let buffer = try MemoryBuffer()
        guard PEM_write_bio_PUBKEY(buffer.pointer, key.pointer) == 1 else {
            throw OpenSSLErrorQueue.failure("PEM_write_bio_PUBKEY")
        }
        return try PublicKey(pem: buffer.contents())
    }

    /// Signs `message`: SM2 over its SM3 digest with the standard identifier, or Ed25519.
    /// SM2 signatures are DER-encoded (r, s) and differ on every call (SM2 is randomised).
    public func sign(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
        let context = try SignatureContext(key: key, algorithm: algorithm)
        guard EVP_DigestSignInit(context.digestContext, nil, SignatureContext.digest(for: algorithm), nil, key.pointer) == 1 else {
            throw OpenSSLErrorQueue.failure("EVP_DigestSignInit")
        }
        var length = 0
        let sized = message.withUnsafeBufferPointer {
            EVP_DigestSign(context.digestContext, nil, &length, $0.baseAddress, $0.count)
        }
        guard sized == 1 else { throw OpenSSLErrorQueue.failure("EVP_DigestSign (size)") }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = message.withUnsafeBufferPointer { input in
            signature.withUnsafeMutableBufferPointer {
                EVP_DigestSign(context.digestContext, $0.baseAddress, &length, input.baseAddress, input.count)
            }
        }
        guard signed == 1 else { throw OpenSSLErrorQueue.failure("EVP_DigestSign") }
        return Array(signature.prefix(length))
    }
}
