import Foundation
import OneThingCrypto
import OneThingStore

/// A checkpoint vouches for the whole chain up to the head it names: the hub signs (SM2
/// over SM3 by default) the head's sequence number and hash, the time and its own name,
/// so a chain rewritten from some row on would need the hub's private key to be vouched
/// for again. The hub writes one at least every minute while the log grows.
public enum EvidenceCheckpoint {
    /// The signed bytes: fields as in `EvidenceChain` (length, colon, bytes, newline):
    /// `onething-evidence-checkpoint-v1`, the head's `seq`, its hash, `at` (Unix ms), the signer.
    public static func content(headSeq: Int64, headHash: String, at: Date, signer: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in ["onething-evidence-checkpoint-v1", String(headSeq), headHash, String(EvidenceChain.milliseconds(at)), signer] {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: field.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Whether a checkpoint row's signature is `key`'s over the head before it.
    public static func verify(_ record: EvidenceRecord, key: PublicKey) throws(CryptoError) -> Bool {
        guard record.kind == .checkpoint, let encoded = record.signature, let signature = Base64.decode(encoded) else {
            return false
        }
        let bytes = content(headSeq: record.seq - 1, headHash: record.digest, at: record.at, signer: record.signer)
        return try key.verify(signature: signature, message: bytes)
    }
}

/// Standard base64, padded (as `ce_signature`).
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    static func decode(_ text: String) -> [UInt8]? { Data(base64Encoded: text).map { [UInt8]($0) } }
}
