extension Schema {
    /// The SM3 digests of each matter's current request as the hub signed and sent it
    /// (space-separated hex): a department's reply must quote one (`ce_requestdigest`), so
    /// it can only answer a request it received. NULL for requests sent before signatures.
    static let version9 = Migration(version: 9, summary: "request digests per matter", sql: """
        ALTER TABLE matters ADD COLUMN request_digests TEXT;
        """)
}
