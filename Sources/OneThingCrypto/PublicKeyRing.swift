/// Every public key of the keys folder, read once at start-up so verifying a message never
/// touches the disk. Immutable: a new key means a restart, as a new department does.
public struct PublicKeyRing: Sendable {
    private let keys: [String: PublicKey]

    /// The keys by signer (`/departments/hrss` → its key).
    public init(keys: [String: PublicKey]) {
        self.keys = keys
    }

    /// Reads every `*.pub.pem` of `directory`.
    public init(directory: KeyDirectory) throws(CryptoError) {
        var keys: [String: PublicKey] = [:]
        for signer in try directory.signers() {
            keys[signer] = try directory.publicKey(for: signer)
        }
        self.keys = keys
    }

    /// `signer`'s key, nil for a signer the folder does not know.
    public func key(for signer: String) -> PublicKey? {
        keys[signer]
    }

    /// The signers known, sorted.
    public var signers: [String] { keys.keys.sorted() }
}
