import OneThingStore

/// The retention's figures, beside `HubMetrics`' table:
///
/// | name | type | labels | meaning |
/// |---|---|---|---|
/// | `onething_archived_total` | counter | | final applications moved from the store to the archive |
/// | `onething_record_cache_bytes` | gauge | | estimated memory of the decoded applications the store keeps |
/// | `onething_record_cache_records` | gauge | | decoded applications the store keeps |
extension HubMetrics {
    public static let archivedApplications = "onething_archived_total"
    public static let recordCacheBytes = "onething_record_cache_bytes"
    public static let recordCacheRecords = "onething_record_cache_records"

    public func archived(_ count: Int) {
        registry.counter(Self.archivedApplications,
                         help: "Final applications past the retention period moved from the store to the archive.")
            .increment(by: Double(count))
    }

    /// Reports the store's record cache at every scrape.
    func registerRecordCache(of store: CorrelationStore) {
        archived(0)
        registry.addCollector {
            let usage = store.recordCacheUsage()
            return [
                MetricsRegistry.CollectedGauge(name: Self.recordCacheBytes, help: "Estimated bytes of the decoded applications the store keeps in memory.",
                                               labels: [:], value: Double(usage.bytes)),
                MetricsRegistry.CollectedGauge(name: Self.recordCacheRecords, help: "Decoded applications the store keeps in memory.",
                                               labels: [:], value: Double(usage.records)),
            ]
        }
    }
}
