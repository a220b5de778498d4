extension Schema {
    /// The evidence log: every message the hub consumed or produced (and every reveal of
    /// personal data), one row each, chained by hash so no row can be changed, removed or
    /// slipped in without breaking every later link, and signed checkpoints of the chain
    /// head. The store only keeps the rows; `OneThingEvidence` computes and checks them.
    /// - `seq`: 1, 2, 3 ... with no gap; `previous` is the `hash` of `seq - 1` (64 zeros
    ///   for the first), `hash` the SM3 of this row's canonical form (see
    ///   `EvidenceChain`);
    /// - `kind`: `consumed`, `produced`, `reveal` or `checkpoint`;
    /// - `digest`: SM3 (hex) of what the row stands for: a message's signed content, a
    ///   reveal's record, or for a checkpoint the head hash it certifies;
    /// - `signer`: who speaks: the message's signer (`ce_signer`, else `ce_source`), the
    ///   operator of a reveal, the hub for a checkpoint;
    /// - `signature`, `algorithm`: a checkpoint's signature (base64) over its content;
    ///   a message's own `ce_signature` when it carried one.
    static let version11 = Migration(version: 11, summary: "evidence log", sql: """
        CREATE TABLE evidence (
            seq            INTEGER PRIMARY KEY,
            at             INTEGER NOT NULL,
            kind           TEXT NOT NULL,
            application_id TEXT,
            topic          TEXT,
            event_type     TEXT,
            event_id       TEXT,
            signer         TEXT NOT NULL,
            digest         TEXT NOT NULL,
            signature      TEXT,
            algorithm      TEXT,
            previous       TEXT NOT NULL,
            hash           TEXT NOT NULL
        );
        CREATE INDEX evidence_by_application ON evidence(application_id, seq) WHERE application_id IS NOT NULL;
        CREATE INDEX evidence_checkpoints ON evidence(seq) WHERE kind = 'checkpoint';
        """)
}
