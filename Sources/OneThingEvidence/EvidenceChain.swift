import Foundation
import OneThingCrypto
import OneThingStore

/// How a row of the evidence log is linked to the one before: its hash is the SM3 of its
/// canonical form, which holds the previous row's hash, the digest of what it stands for,
/// the signer and the time (and everything else the row says), so changing, removing or
/// inserting a row breaks every link after it.
///
/// The canonical form is, like the signed content of messages (`SignedContent`), a list
/// of fields, each written as its length in bytes (decimal), a colon, the bytes and a
/// newline: the constant `onething-evidence-v1`, then `seq`, `at` (Unix milliseconds),
/// `kind`, `applicationId`, `topic`, `eventType`, `eventId`, `signer`, `digest`,
/// `signature`, `algorithm`, `previous` (an absent value is the empty field).
public enum EvidenceChain {
    /// The `previous` of the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The row's hash (hex), from every field but `hash` itself.
    public static func hash(of record: EvidenceRecord) throws(CryptoError) -> String {
        try SM3Digest(of: canonical(record)).hex
    }

    /// An instant as the store keeps it: whole Unix milliseconds.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `date` cut to what the store keeps, so the hash computed before saving is the one
    /// computed from the saved row.
    public static func stored(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    /// The canonical bytes the hash covers.
    public static func canonical(_ record: EvidenceRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(320)
        for field in ["onething-evidence-v1", String(record.seq), String(milliseconds(record.at)), record.kind.rawValue,
                      record.applicationID ?? "", record.topic ?? "", record.eventType ?? "", record.eventID ?? "",
                      record.signer, record.digest, record.signature ?? "", record.algorithm ?? "", record.previous] {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: field.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
