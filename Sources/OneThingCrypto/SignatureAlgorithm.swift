/// The signature schemes a deployment may choose. SM2 over SM3 is the default because the
/// national standards (GB/T 32918, GB/T 32905) are what government systems are audited
/// against; Ed25519 is offered for deployments whose partners cannot do SM2.
public enum SignatureAlgorithm: String, Sendable, CaseIterable, Equatable {
    /// SM2 signature over the SM3 digest, with the default distinguishing identifier.
    case sm2 = "sm2-sm3"
    /// Ed25519 (RFC 8032), pure mode.
    case ed25519 = "ed25519"

    /// The name OpenSSL's key-generation and key-type queries use.
    var openSSLKeyType: String {
        switch self {
        case .sm2: "SM2"
        case .ed25519: "ED25519"
        }
    }

    /// Reads a configuration value: the wire name (`sm2-sm3`, `ed25519`) or plain `sm2`.
    public init?(configurationName: String) {
        switch configurationName.lowercased() {
        case "sm2", "sm2-sm3": self = .sm2
        case "ed25519": self = .ed25519
        default: return nil
        }
    }

    /// The distinguishing identifier SM2 hashes into Z (GB/T 32918.2, GB/T 35276): the
    /// standard's default, which every partner uses unless agreed otherwise.
    public static let sm2DistinguishingIdentifier: [UInt8] = Array("1234567812345678".utf8)
}
