import Foundation
import OneThingCrypto

/// What `hubd keys generate` and `hubd sign` do, as library calls the thin executable and
/// the tests share.
public enum HubKeyTools {
    /// The signers `keys generate` makes pairs for when none is named: the hub, every
    /// department of `departments`, and the online channel.
    public static func defaultSigners(departments: [String]) -> [String] {
        [MessageTrust.hubSigner] + departments.map(MessageTrust.departmentSigner) + [MessageTrust.channelPrefix + "online"]
    }

    /// Makes the missing key pairs (or all, with `replace`); one line per signer saying
    /// what was done and where the private key is.
    public static func generate(_ configuration: HubKeysConfiguration, signers: [String]) throws(CryptoError) -> [String] {
        let folder = KeyDirectory(path: configuration.outputDirectory)
        var lines: [String] = []
        for signer in signers {
            let privatePath = try folder.privateKeyPath(for: signer)
            if !configuration.replace, FileManager.default.fileExists(atPath: privatePath) {
                lines.append("kept\t\(signer)\t\(privatePath)")
                continue
            }
            try folder.generate(for: signer, algorithm: configuration.algorithm)
            lines.append("made\t\(signer)\t\(privatePath)\t\(configuration.algorithm.rawValue)")
        }
        return lines
    }

    /// The signature headers for the message `configuration` describes with `value`, as
    /// `hubd sign` prints them.
    public static func signatureText(_ configuration: HubSignConfiguration, value: [UInt8]) throws -> String {
        let key = try KeyFile.readPrivateKey(at: configuration.keyFile)
        let source = configuration.headers.last { $0.name == "ce_source" }?.value
        guard let signer = configuration.signer ?? source else {
            throw HubKeyToolError("no signer: give --signer or a ce_source header")
        }
        let headers = configuration.headers.map { (key: $0.name, value: Optional(Array($0.value.utf8))) }
        let added = try MessageSignature.sign(key: configuration.messageKey.map { Array($0.utf8) }, headers: headers,
                                              value: value, signer: signer, with: key)
        let pairs = added.map { "\($0.key)=\(String(decoding: $0.value, as: UTF8.self))" }
        switch configuration.format {
        case .kcat: return pairs.map { "-H " + $0 }.joined(separator: " ")
        case .lines: return pairs.joined(separator: "\n")
        }
    }
}

/// A key tool's refusal, in one sentence.
public struct HubKeyToolError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
