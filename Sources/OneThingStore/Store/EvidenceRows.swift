import Foundation

/// The SQL of the evidence log (`Schema.version8`).
enum EvidenceRows {
    static let columns = """
        seq, at, kind, application_id, topic, event_type, event_id, signer, digest, signature, algorithm, previous, hash
        """

    static func values(_ record: EvidenceRecord) -> [SQLValue] {
        [.integer(record.seq), .date(record.at), .text(record.kind.rawValue), .text(record.applicationID),
         .text(record.topic), .text(record.eventType), .text(record.eventID), .text(record.signer),
         .text(record.digest), .text(record.signature), .text(record.algorithm), .text(record.previous),
         .text(record.hash)]
    }

    static func decode(_ row: Row) throws(StoreError) -> EvidenceRecord {
        let kindText = try row.string(2)
        guard let kind = EvidenceRecord.Kind(rawValue: kindText) else {
            throw StoreError.invalidData("evidence.kind '\(kindText)' is not a known kind")
        }
        return EvidenceRecord(seq: try row.int64(0), at: try row.date(1), kind: kind, applicationID: row.optionalString(3),
                              topic: row.optionalString(4), eventType: row.optionalString(5), eventID: row.optionalString(6),
                              signer: try row.string(7), digest: try row.string(8), signature: row.optionalString(9),
                              algorithm: row.optionalString(10), previous: try row.string(11), hash: try row.string(12))
    }
}

extension StoreReader {
    /// The last row of the evidence chain (its head), nil while the log is empty.
    public func evidenceHead() throws(StoreError) -> EvidenceRecord? {
        try database.queryFirst("SELECT \(EvidenceRows.columns) FROM evidence ORDER BY seq DESC LIMIT 1", [],
                                EvidenceRows.decode)
    }

    /// Rows with `seq` greater than `after`, in chain order, at most `limit`: the chain read
    /// page by page (`hubctl verify`).
    public func evidence(after seq: Int64, limit: Int) throws(StoreError) -> [EvidenceRecord] {
        try database.query("SELECT \(EvidenceRows.columns) FROM evidence WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                           [.integer(seq), .int(limit)], EvidenceRows.decode)
    }

    /// What the log holds for one application, in chain order (`hubctl evidence`).
    public func evidence(applicationID: String) throws(StoreError) -> [EvidenceRecord] {
        try database.query("SELECT \(EvidenceRows.columns) FROM evidence WHERE application_id = ?1 ORDER BY seq",
                           [.text(applicationID)], EvidenceRows.decode)
    }

    /// The newest checkpoint, nil before the first.
    public func lastEvidenceCheckpoint() throws(StoreError) -> EvidenceRecord? {
        try database.queryFirst("SELECT \(EvidenceRows.columns) FROM evidence WHERE kind = 'checkpoint' ORDER BY seq DESC LIMIT 1",
                                [], EvidenceRows.decode)
    }
}

extension StoreWriter {
    /// Appends one row. The caller computed its link from `evidenceHead()` read in this
    /// same transaction, so two writers (hubd, a `hubctl` reveal) cannot fork the chain:
    /// the write lock orders them, and a second row with the same `seq` is refused.
    public func appendEvidence(_ record: EvidenceRecord) throws(StoreError) {
        try database.run("INSERT INTO evidence (\(EvidenceRows.columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                         EvidenceRows.values(record))
    }
}
