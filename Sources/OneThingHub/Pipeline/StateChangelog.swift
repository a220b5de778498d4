import Foundation
import OneThingStore

/// Where and how the pipeline writes state records (see `StateRecord`): after each store
/// transaction, one record per application it changed, with the application's whole
/// state, put in the outbox in that same transaction (so a crash cannot lose it) and
/// published like every other message, to the flow's state topic on the application's
/// partition.
struct StateChangelog: Sendable {
    /// The flow's state topic.
    let topic: String
    /// `CorrelationStore.writerID` of the store the records come from.
    let writer: String
    /// The owner epoch to write into an application's record: the epoch under which this
    /// instance holds, or last held, the application's owner partition
    /// (`PartitionOwnership.lastEpoch(for:)`); nil when it never held it (the record keeps
    /// the epoch it was stored with).
    let epoch: @Sendable (String) -> Int64?
    /// The partition of an application's records: the partition its input is on. nil lets
    /// the producer's partitioner place it by key, as it places the hub's other messages.
    let partition: @Sendable (String) -> Int32?
}
