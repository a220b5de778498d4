import Foundation

extension StoreReader {
    /// Up to `limit` open applications (no outcome yet) with the partition the store
    /// keeps them under: what the hub compares with the flow's current partition count
    /// at start-up (see `PartitionCountGuard` in OneThingHub).
    public func openApplicationPartitions(limit: Int) throws(StoreError) -> [(id: String, partition: Int32)] {
        try database.query("""
            SELECT id, kafka_partition FROM applications
            WHERE kafka_partition IS NOT NULL AND outcome IS NULL LIMIT ?1
            """, [.integer(Int64(limit))]) { row throws(StoreError) in
            (try row.string(0), Int32(clamping: try row.int64(1)))
        }
    }
}
