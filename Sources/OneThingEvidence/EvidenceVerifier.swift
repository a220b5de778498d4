import OneThingCrypto
import OneThingStore

/// Checks the evidence chain from its first row: each row's `seq` follows the one before,
/// its `previous` is that row's hash, its own hash is the SM3 of its content, and each
/// checkpoint certifies the row before it and carries the hub's valid signature. Stops at
/// the first broken link: after it nothing can be trusted.
///
/// Messages' own signatures were checked when the hub received them; the log keeps their
/// digests and signatures but not their content, so it proves *which* message was
/// exchanged (anyone holding the message can digest it and compare), not its words.
public struct EvidenceVerifier {
    /// The key the checkpoints must verify with; nil: their signatures are not checked
    /// (and the report says so).
    public let checkpointKey: PublicKey?

    public init(checkpointKey: PublicKey?) {
        self.checkpointKey = checkpointKey
    }

    /// Why the chain cannot be trusted from `seq` on.
    public struct BrokenLink: Sendable, Hashable {
        public let seq: Int64
        public let reason: String
    }

    public struct Report: Sendable {
        /// Rows checked (up to and including a broken one).
        public var rows = 0
        public var checkpoints = 0
        /// The last row a valid checkpoint vouches for (0: none).
        public var vouchedThrough: Int64 = 0
        /// The last row of the chain.
        public var head: Int64 = 0
        public var broken: BrokenLink?
        /// Whether checkpoint signatures were checked (a key was given).
        public var signaturesChecked = false
    }

    /// Reads the chain page by page through `page(after:limit:)` (`StoreReader.evidence`).
    public func verify(pageSize: Int = 2000,
                       page: (_ after: Int64, _ limit: Int) throws -> [EvidenceRecord]) throws -> Report {
        var report = Report()
        report.signaturesChecked = checkpointKey != nil
        var previous: (seq: Int64, hash: String) = (0, EvidenceChain.genesis)
        while true {
            let rows = try page(previous.seq, pageSize)
            for row in rows {
                report.rows += 1
                report.head = row.seq
                if let reason = try problem(with: row, after: previous) {
                    report.broken = BrokenLink(seq: row.seq, reason: reason)
                    return report
                }
                if row.kind == .checkpoint {
                    report.checkpoints += 1
                    report.vouchedThrough = row.seq - 1
                }
                previous = (row.seq, row.hash)
            }
            if rows.count < pageSize { return report }
        }
    }

    private func problem(with row: EvidenceRecord, after previous: (seq: Int64, hash: String)) throws -> String? {
        if row.seq != previous.seq + 1 {
            return row.seq > previous.seq + 1
                ? "rows \(previous.seq + 1)–\(row.seq - 1) are missing"
                : "row \(row.seq) repeats or goes back after row \(previous.seq)"
        }
        if row.previous != previous.hash {
            return "it does not link to row \(previous.seq): previous is \(row.previous.prefix(16))…, row \(previous.seq)'s hash is \(previous.hash.prefix(16))…"
        }
        let computed = try EvidenceChain.hash(of: row)
        if computed != row.hash {
            return "its content does not match its hash (the row was changed after it was written)"
        }
        if row.kind == .checkpoint {
            if row.digest != previous.hash {
                return "the checkpoint names a head other than row \(previous.seq)"
            }
            if let checkpointKey, !(try EvidenceCheckpoint.verify(row, key: checkpointKey)) {
                return "the checkpoint's signature does not verify with the hub's public key"
            }
        }
        return nil
    }
}
