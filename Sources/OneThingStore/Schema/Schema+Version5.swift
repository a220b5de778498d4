extension Schema {
    /// Which Kafka partition owns each application, now that several `hubd` share a flow:
    /// `kafka_partition` is the partition number whose owner keeps the application (the
    /// partition its key hashes to with murmur2, or the one its intake came on for an
    /// application stored earlier). Only the instance that owns that partition fires the
    /// application's timers and carries out its orders. Rows written before this version
    /// read NULL: they belonged to the single instance that holds the file, and it keeps
    /// serving them wherever their inputs arrive.
    static let version5 = Migration(version: 5, summary: "owner partition per application", sql: """
        ALTER TABLE applications ADD COLUMN kafka_partition INTEGER;
        """)
}
