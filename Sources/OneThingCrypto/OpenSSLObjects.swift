import COpenSSL

/// One owner per OpenSSL object: each class frees its pointer in deinit, so no path (an
/// early throw included) leaks it or frees it twice.

/// An `EVP_PKEY` (a private or public key). Immutable once made: OpenSSL allows concurrent
/// signing and verifying with one key as long as nobody changes it, which is why the
/// wrappers may cross threads.
final class OwnedKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Which of the supported algorithms the key belongs to.
    func algorithm() throws(CryptoError) -> SignatureAlgorithm {
        for candidate in SignatureAlgorithm.allCases where EVP_PKEY_is_a(pointer, candidate.openSSLKeyType) == 1 {
            return candidate
        }
        let name = EVP_PKEY_get0_type_name(pointer).map { String(cString: $0) } ?? "unknown type"
        throw .unsupportedKey(name)
    }
}

/// An `EVP_PKEY_CTX`: per-operation settings of a key (generation, the SM2 identifier).
final class OwnedKeyContext {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_CTX_free(pointer)
    }
}

/// An `EVP_MD_CTX` for one signature or verification, with the key context SM2 needs for
/// its identifier. The digest context is freed before the key context it points to.
final class SignatureContext {
    let digestContext: OpaquePointer
    private let keyContext: OwnedKeyContext?

    /// Prepares a context for `key`; for SM2 it carries the distinguishing identifier, which
    /// must be set before the signing or verifying initialisation hashes it into Z.
    init(key: OwnedKey, algorithm: SignatureAlgorithm) throws(CryptoError) {
        guard let digestContext = EVP_MD_CTX_new() else { throw OpenSSLErrorQueue.failure("EVP_MD_CTX_new") }
        self.digestContext = digestContext
        guard algorithm == .sm2 else {
            keyContext = nil
            return
        }
        guard let pointer = EVP_PKEY_CTX_new(key.pointer, nil) else {
            EVP_MD_CTX_free(digestContext)
            throw OpenSSLErrorQueue.failure("EVP_PKEY_CTX_new")
        }
        let context = OwnedKeyContext(taking: pointer)
        let identifier = SignatureAlgorithm.sm2DistinguishingIdentifier
        let set = identifier.withUnsafeBytes { EVP_PKEY_CTX_set1_id(pointer, $0.baseAddress, Int32($0.count)) }
        guard set == 1 else {
            EVP_MD_CTX_free(digestContext)
            throw OpenSSLErrorQueue.failure("EVP_PKEY_CTX_set1_id")
        }
        EVP_MD_CTX_set_pkey_ctx(digestContext, pointer)
        keyContext = context
    }

    deinit {
        EVP_MD_CTX_free(digestContext)
    }

    /// The digest the algorithm signs over: SM3 for SM2, none for Ed25519 (it hashes itself).
    static func digest(for algorithm: SignatureAlgorithm) -> OpaquePointer? {
        algorithm == .sm2 ? EVP_sm3() : nil
    }
}

/// A memory `BIO`, the buffer PEM is read from and written to.
final class MemoryBuffer {
    let pointer: OpaquePointer

    /// An empty buffer to write into.
    init() throws(CryptoError) {
        guard let method = BIO_s_mem(), let pointer = BIO_new(method) else { throw OpenSSLErrorQueue.failure("BIO_new") }
        self.pointer = pointer
    }

    deinit {
        BIO_free(pointer)
    }

    /// A buffer holding a copy of `bytes`, to read from.
    convenience init(copying bytes: [UInt8]) throws(CryptoError) {
        try self.init()
        let written = bytes.withUnsafeBytes { BIO_write(pointer, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count || bytes.isEmpty else { throw OpenSSLErrorQueue.failure("BIO_write") }
    }

    /// Everything written so far.
    func contents() -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let count = onething_bio_mem_data(pointer, &data)
        guard count > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }
}
