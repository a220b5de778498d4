import OneThingStore

/// The outbox rows one consumed batch caused, with the instant the batch came out of the
/// consumer's poll and the instant each row's delivery report confirmed it.
///
/// Why: the benchmark's hop latency is defined on the hub's own side ("a reply consumed
/// to the dependent request's delivery confirmed"); only the pipeline knows both instants.
/// Observing costs one clock read per delivery report and nothing when no one observes.
/// `package`: only the benchmark (onething-bench) observes; it is not the hub's API.
package struct ObservedBatchDeliveries: Sendable {
    /// When `poll` returned the batch.
    package let consumedAt: ContinuousClock.Instant
    /// How many messages the batch held.
    package let consumed: Int
    /// CPU time the pipeline's thread spent routing and applying the batch (its store
    /// transaction included; routing shares run on other cores are not counted), and the
    /// wall time that took: the hub's own cost per message, apart from Kafka's.
    package let processingCPU: Duration
    package let processingWall: Duration
    /// The rows the batch's transaction wrote to the outbox, in outbox order.
    package let rows: [OutboxMessage]
    /// When each row's delivery was confirmed (same order as `rows`); nil if it failed.
    package let confirmedAt: [ContinuousClock.Instant?]
}
