import Foundation

/// Signing and verifying one Kafka message over its ``SignedContent``.
///
/// A signed message carries three CloudEvents extension headers:
/// - `ce_signer`: who signed, the signer's `ce_source` (`/departments/hrss`), which names
///   its public key in the keys folder (see ``KeyDirectory``);
/// - `ce_sigalg`: `sm2-sm3` (SM2 over SM3 with the default identifier `1234567812345678`)
///   or `ed25519`;
/// - `ce_signature`: the signature in base64 (standard alphabet, padded); SM2's is the DER
///   encoding of (r, s), as OpenSSL and most SM2 libraries write it.
/// `ce_signer` and `ce_sigalg` are themselves covered, so neither can be swapped.
public enum MessageSignature {
    public static let signatureHeader = "ce_signature"
    public static let signerHeader = "ce_signer"
    public static let algorithmHeader = "ce_sigalg"
    /// On requests and cancels, the SM3 digest of the request's value (hex); on replies,
    /// the same digest quoted from the request answered.
    public static let requestDigestHeader = "ce_requestdigest"

    /// The three headers the signature adds.
    public static let headerNames: Set<String> = [signatureHeader, signerHeader, algorithmHeader]

    /// The signature headers for a message (`ce_signer`, `ce_sigalg`, `ce_signature`, in
    /// that order). Signature headers already in `headers` are ignored: signing again
    /// replaces them, so the caller drops them before appending these.
    public static func sign(key: [UInt8]?, headers: [(key: String, value: [UInt8]?)], value: [UInt8]?,
                            signer: String, with privateKey: PrivateKey) throws(SigningError) -> [(key: String, value: [UInt8])] {
        let signerHeaders: [(key: String, value: [UInt8])] = [
            (signerHeader, Array(signer.utf8)),
            (algorithmHeader, Array(privateKey.algorithm.rawValue.utf8)),
        ]
        var covered = headers.filter { !headerNames.contains($0.key) }
        covered.append(contentsOf: signerHeaders.map { (key: $0.key, value: Optional($0.value)) })
        let content: SignedContent
        do {
            content = try SignedContent(key: key, headers: covered, value: value)
        } catch {
            throw .content(error)
        }
        let signature: [UInt8]
        do {
            signature = try privateKey.sign(content.bytes)
        } catch {
            throw .crypto(error)
        }
        return signerHeaders + [(signatureHeader, Array(Data(signature).base64EncodedString().utf8))]
    }

    /// What a message's signature says, checked against the keys of `ring`.
    public static func verify(key: [UInt8]?, headers: [(key: String, value: [UInt8]?)], value: [UInt8]?,
                              ring: PublicKeyRing) -> SignatureVerdict {
        let signatures = headers.filter { $0.key == signatureHeader }
        guard let encoded = signatures.first else { return .unsigned }
        guard signatures.count == 1 else { return .invalid(reason: "ce_signature appears more than once") }
        guard let signer = single(signerHeader, in: headers), !signer.isEmpty else {
            return .invalid(reason: "the message is signed but has no ce_signer")
        }
        guard let algorithmName = single(algorithmHeader, in: headers) else {
            return .invalid(reason: "the message is signed but has no ce_sigalg")
        }
        guard let publicKey = ring.key(for: signer) else {
            return .invalid(reason: "no public key for signer \(signer) in the keys folder")
        }
        guard algorithmName == publicKey.algorithm.rawValue else {
            return .invalid(reason: "ce_sigalg is \(algorithmName), but \(signer)'s key is \(publicKey.algorithm.rawValue)")
        }
        guard let signature = Data(base64Encoded: String(decoding: encoded.value ?? [], as: UTF8.self)) else {
            return .invalid(reason: "ce_signature is not base64")
        }
        do {
            let content = try SignedContent(key: key, headers: headers, value: value)
            guard try publicKey.verify(signature: Array(signature), message: content.bytes) else {
                return .invalid(reason: "the signature of \(signer) does not match the message's content")
            }
            return .valid(signer: signer)
        } catch let error as SignedContentError {
            return .invalid(reason: error.description)
        } catch {
            return .invalid(reason: "verifying failed: \(error)")
        }
    }

    /// The value of a header given exactly once, as text.
    private static func single(_ name: String, in headers: [(key: String, value: [UInt8]?)]) -> String? {
        let found = headers.filter { $0.key == name }
        guard found.count == 1 else { return nil }
        return String(decoding: found[0].value ?? [], as: UTF8.self)
    }
}

/// The answer of ``MessageSignature/verify(key:headers:value:ring:)``.
public enum SignatureVerdict: Equatable, Sendable {
    /// Signed by `signer`, whose key verifies the content.
    case valid(signer: String)
    /// No `ce_signature` header at all.
    case unsigned
    /// Signed, but the signature cannot be accepted; `reason` says why, for the dead letter.
    case invalid(reason: String)
}

/// Why a message could not be signed.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    case content(SignedContentError)
    case crypto(CryptoError)

    public var description: String {
        switch self {
        case .content(let error): "cannot sign: \(error.description)"
        case .crypto(let error): "cannot sign: \(error.description)"
        }
    }
}
