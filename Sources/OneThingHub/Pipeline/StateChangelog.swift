import Foundation
import OneThingStore
import OneThingSupport

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
    /// The owner epoch written into the records (see `OwnerEpoch`).
    let epoch: OwnerEpoch
    /// The partition of an application's records: the partition its input is on. nil lets
    /// the producer's partitioner place it by key, as it places the hub's other messages.
    let partition: @Sendable (String) -> Int32?
}

/// The epoch of this instance's ownership of its partitions, written into every state
/// record so a restore can ignore what an instance wrote after it lost a partition.
/// Set at each assignment; it only grows.
final class OwnerEpoch: Sendable {
    private let value: Locked<Int64>

    init(_ initial: Int64 = 0) {
        value = Locked(initial)
    }

    var current: Int64 { value.withLock { $0 } }

    /// Moves to `epoch` unless the current one is already newer.
    func advance(to epoch: Int64) {
        value.withLock { $0 = max($0, epoch) }
    }
}
