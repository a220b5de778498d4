extension Schema {
    /// The channel that submitted each application (`ce_source` of its `submitted`
    /// event), so only that channel, or one the flow names as acting for the applicant,
    /// may supplement or withdraw it. Rows stored earlier read '' (unknown submitter).
    static let version6 = Migration(version: 6, summary: "submitting channel per application", sql: """
        ALTER TABLE applications ADD COLUMN submitted_source TEXT NOT NULL DEFAULT '';
        """)
}
