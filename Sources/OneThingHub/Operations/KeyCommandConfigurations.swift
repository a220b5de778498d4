import OneThingCrypto

/// Settings of `hubd keys generate`.
public struct HubKeysConfiguration: Sendable, Equatable {
    /// The keys folder to write (created when missing).
    public var outputDirectory: String
    /// The signers (`ce_source`s) to make key pairs for; empty: the hub, every department
    /// of the catalogue's flows, and the channel `/channels/online`.
    public var signers: [String]
    public var algorithm: SignatureAlgorithm
    /// Replace existing key pairs; without it an existing private key is kept, so running
    /// the command again only adds what is missing.
    public var replace: Bool
    public var catalogueDirectory: String?

    public init(outputDirectory: String, signers: [String] = [], algorithm: SignatureAlgorithm = .sm2,
                replace: Bool = false, catalogueDirectory: String? = nil) {
        self.outputDirectory = outputDirectory
        self.signers = signers
        self.algorithm = algorithm
        self.replace = replace
        self.catalogueDirectory = catalogueDirectory
    }
}

/// Settings of `hubd sign`: what kcat would send, and the key to sign it with.
public struct HubSignConfiguration: Sendable, Equatable {
    /// The private key file (refused when readable by group or others).
    public var keyFile: String
    /// `ce_signer`; nil: the message's `ce_source`, which it must equal anyway.
    public var signer: String?
    /// The Kafka key (`-k`), nil for none.
    public var messageKey: String?
    /// The headers (`-H NAME=VALUE`), in order.
    public var headers: [HubSignHeader]
    /// The file holding the value; nil: standard input.
    public var valueFile: String?
    /// `kcat` (`-H ce_signer=... -H ce_sigalg=... -H ce_signature=...` on one line, for
    /// `$(...)` in a kcat command) or `lines` (one `NAME=VALUE` per line).
    public var format: Format

    public enum Format: String, Sendable, Equatable {
        case kcat, lines
    }

    public init(keyFile: String, signer: String? = nil, messageKey: String? = nil, headers: [HubSignHeader] = [],
                valueFile: String? = nil, format: Format = .kcat) {
        self.keyFile = keyFile
        self.signer = signer
        self.messageKey = messageKey
        self.headers = headers
        self.valueFile = valueFile
        self.format = format
    }
}

/// One `-H NAME=VALUE` of `hubd sign`.
public struct HubSignHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
