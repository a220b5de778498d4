/// What can go wrong signing, verifying, digesting or handling keys.
///
/// A signature that does not verify is not an error (``PublicKey/verify(signature:message:)``
/// answers `false`): errors are for things that should not happen with good keys and files,
/// and they carry OpenSSL's own words so an operator can act on them.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An OpenSSL call failed; `reason` is what OpenSSL's error queue said.
    case openssl(operation: String, reason: String)
    /// A key of an algorithm other than SM2 or Ed25519 (an RSA key in the keys folder, say).
    case unsupportedKey(String)
    /// A key file could not be read, written or parsed.
    case keyFile(path: String, reason: String)
    /// A private key file readable by group or others: refused, as OpenSSH does, because a
    /// key anyone on the machine could have copied proves nothing about who signed.
    case privateKeyTooOpen(path: String, mode: UInt32)
    /// A signer name that cannot be a file name under the keys folder.
    case invalidPrincipal(String)
    /// No public key for this signer in the keys folder.
    case unknownPrincipal(String)

    public var description: String {
        switch self {
        case .openssl(let operation, let reason): "\(operation) failed: \(reason)"
        case .unsupportedKey(let what): "unsupported key: \(what) (SM2 or Ed25519 expected)"
        case .keyFile(let path, let reason): "key file \(path): \(reason)"
        case .privateKeyTooOpen(let path, let mode):
            "private key \(path) has mode \(String(mode, radix: 8)); it must be readable by its owner only (chmod 600)"
        case .invalidPrincipal(let name): "invalid signer name \"\(name)\""
        case .unknownPrincipal(let name): "no public key for signer \"\(name)\""
        }
    }
}
