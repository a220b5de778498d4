import Foundation
import OneThingCrypto
import OneThingStore

/// Links new rows into the evidence chain inside one store write transaction. It reads
/// the head once, at its first append, under the transaction's write lock, then keeps it:
/// appending costs two SM3 digests and one INSERT, in the transaction the effects of the
/// batch commit in, so a row exists exactly when what it records happened.
public struct EvidenceAppender {
    private var head: (seq: Int64, hash: String)?
    /// The rows appended by this appender, in order (the hub also publishes them).
    public private(set) var appended: [EvidenceRecord] = []

    public init() {}

    @discardableResult
    public mutating func append(_ entry: EvidenceEntry, to writer: StoreWriter) throws -> EvidenceRecord {
        let previous: (seq: Int64, hash: String)
        if let head {
            previous = head
        } else if let stored = try writer.evidenceHead() {
            previous = (stored.seq, stored.hash)
        } else {
            previous = (0, EvidenceChain.genesis)
        }
        var record = EvidenceRecord(seq: previous.seq + 1, at: EvidenceChain.stored(entry.at), kind: entry.kind,
                                    applicationID: entry.applicationID, topic: entry.topic, eventType: entry.eventType,
                                    eventID: entry.eventID, signer: entry.signer, digest: entry.digest,
                                    signature: entry.signature, algorithm: entry.algorithm, previous: previous.hash, hash: "")
        record.hash = try EvidenceChain.hash(of: record)
        try writer.appendEvidence(record)
        head = (record.seq, record.hash)
        appended.append(record)
        return record
    }

    /// Appends a checkpoint: the hub's signature over the current head (see
    /// `EvidenceCheckpoint`). Nothing when the log is empty.
    @discardableResult
    public mutating func checkpoint(at now: Date, signer: String, key: PrivateKey,
                                    to writer: StoreWriter) throws -> EvidenceRecord? {
        let current: (seq: Int64, hash: String)
        if let head {
            current = head
        } else if let stored = try writer.evidenceHead() {
            current = (stored.seq, stored.hash)
        } else {
            return nil
        }
        let at = EvidenceChain.stored(now)
        let content = EvidenceCheckpoint.content(headSeq: current.seq, headHash: current.hash, at: at, signer: signer)
        let signature = try key.sign(content)
        return try append(EvidenceEntry(at: at, kind: .checkpoint, signer: signer, digest: current.hash,
                                        signature: Base64.encode(signature), algorithm: key.algorithm.rawValue), to: writer)
    }
}
