import Foundation
import OneThingCrypto
import OneThingExchange

/// What `hubd keys generate` and `hubd sign` do, as library calls the thin executable and
/// the tests share.
public enum HubKeyTools {
    /// The signers `keys generate` makes pairs for when none is named: the hub, every
    /// department of `departments`, the online channel and the channels the catalogue names
    /// (`channels`, from its channel policies).
    public static func defaultSigners(departments: [String], channels: [String] = []) -> [String] {
        var channelSources = [MessageTrust.channelPrefix + "online"]
        for channel in channels where !channelSources.contains(channel) { channelSources.append(channel) }
        return [MessageTrust.hubSigner] + departments.map(MessageTrust.departmentSigner) + channelSources
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
        // Binary mode names the source in a header; structured mode inside the value.
        let source = configuration.headers.last { $0.name == "ce_source" }?.value
            ?? (try? JSONValue(parsing: value))?.objectValue?["source"]?.stringValue
        guard let signer = configuration.signer ?? source else {
            throw HubKeyToolError("no signer: give --signer, a ce_source header, or a structured event with a source")
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
