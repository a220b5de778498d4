import Foundation
import OneThingKafka
import OneThingSupport

/// Which partitions of the flow this instance owns, and since which owner epoch.
///
/// Several `hubd` share a flow's partitions through the consumer group. Every topic of a
/// flow has the same partition count and the range assignor hands one member the same
/// partition number of every input topic, so ownership is per partition *number*: this
/// instance owns partition N when it is assigned partition N of every input topic. All of
/// an application's state lives with its owner partition (`ownerPartition(of:)`).
///
/// The epoch is the consumer group's generation when the partition was assigned. The
/// coordinator raises it at every rebalance and refuses offset commits from an older
/// one, so it orders owners: a record written under a lower epoch than one already seen
/// for the partition was written by an instance that has since lost it (a paused or
/// partitioned "zombie") and must not win. It is the one epoch of ownership: the state
/// records carry it (`StateChangelog`), and revocations and commits are judged by it.
///
/// A group's generation starts again at 1 when the group itself is deleted (every
/// member gone and its offsets expired, or an operator's `--delete`), while the state
/// topic keeps records of the old generations. So an assignment's epoch is never below
/// the highest epoch the restore found in the partition's records (`epochFloors`):
/// otherwise the new owner's records would lose to older ones at the next restore. A
/// generation below that floor gives the floor + 1, so the new owner still ranks above
/// the one before it (equal to the floor is an owner that kept its partition across a
/// restart with static membership: the same epoch, nobody else held it meanwhile).
///
/// Updated on the consumer's thread, inside the rebalance; read from anywhere.
public final class PartitionOwnership: Sendable {
    /// What changed, as observers hear it.
    public struct Change: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case assigned
            /// Given up in a rebalance: the batch in hand for them may still be committed.
            case revoked
            /// Taken away without a handshake: another instance may own them already.
            case lost
        }
        public let kind: Kind
        /// Partition numbers, ascending.
        public let partitions: [Int32]
        /// The epoch of an assignment; for a revocation, the epoch they were held under.
        public let epochs: [Int32: Int64]
    }

    private struct State {
        var assigned: Set<TopicPartition> = []
        var owned: [Int32: Int64] = [:]
        /// The epoch each partition was last held under, owned now or not.
        var lastHeld: [Int32: Int64] = [:]
        var observers: [@Sendable (Change) -> Void] = []
    }

    /// The topics whose partitions together make one owned partition number.
    public let inputTopics: Set<String>
    /// Partitions per topic of the flow (checked equal at start-up); 0 until known.
    private let count = Locked<Int32>(0)
    private let state = Locked(State())

    public init(inputTopics: some Sequence<String>, partitionCount: Int32 = 0) {
        self.inputTopics = Set(inputTopics)
        count.withLock { $0 = partitionCount }
    }

    /// Partitions per topic of the flow (0 until the hub has checked the topics).
    public var partitionCount: Int32 {
        get { count.withLock { $0 } }
        set { count.withLock { $0 = newValue } }
    }

    /// Whether this instance owns partition `partition` (of every input topic).
    public func owns(_ partition: Int32) -> Bool {
        state.withLock { $0.owned[partition] != nil }
    }

    /// The owner epoch under which this instance holds `partition`; nil when not owned.
    public func epoch(for partition: Int32) -> Int64? {
        state.withLock { $0.owned[partition] }
    }

    /// The epoch under which this instance last held `partition`, whether it still does
    /// or not: what a batch finishing after the partition was taken away writes into its
    /// state records (a restore then ranks them below the new owner's). nil: never held.
    public func lastEpoch(for partition: Int32) -> Int64? {
        state.withLock { $0.owned[partition] ?? $0.lastHeld[partition] }
    }

    /// The owned partition numbers, ascending.
    public var ownedPartitions: [Int32] {
        state.withLock { $0.owned.keys.sorted() }
    }

    /// The partition that owns an application: where the hub's own murmur2 producer puts
    /// its key, as Java clients do (`KeyPartitioner`). Nil while the count is unknown.
    public func ownerPartition(of applicationID: String) -> Int32? {
        let partitions = partitionCount
        guard partitions > 0 else { return nil }
        return KeyPartitioner.partition(forKey: applicationID, partitionCount: partitions)
    }

    /// The epoch of an assignment under `generation` of a partition whose state records
    /// carry `floor` at most (see the type's documentation).
    static func epoch(generation: Int64, floor: Int64?) -> Int64 {
        guard let floor, generation < floor else { return generation }
        return floor + 1
    }

    /// Calls `observer` at every change, on the consumer's thread, while the rebalance is
    /// being applied (for a revocation: before the partitions are given up). It should
    /// return quickly; it may wait briefly for work on other threads to finish.
    public func observe(_ observer: @escaping @Sendable (Change) -> Void) {
        state.withLock { $0.observers.append(observer) }
    }

    /// Applies a rebalance of the hub's consumer and tells the observers. `epochFloors`:
    /// per assigned partition, the highest owner epoch its state records carry.
    func apply(_ change: AssignmentChange, epochFloors: [Int32: Int64] = [:]) {
        let epoch = Int64(change.generation ?? 0)
        let (notice, observers) = state.withLock { state -> (Change?, [@Sendable (Change) -> Void]) in
            let relevant = change.partitions.filter { inputTopics.contains($0.topic) }
            let before = state.owned
            switch change.kind {
            case .assigned:
                // The hub's assignor is eager (`range`): an assignment is the whole new one.
                state.assigned = Set(relevant)
            case .revoked:
                state.assigned.subtract(relevant)
            case .lost:
                // Lost without a handshake (the session expired: a broker outage, or a
                // pause past max.poll.interval.ms): the instance keeps working on what it
                // holds, since during an outage nobody else can, but nothing more is
                // committed for them (they are no longer assigned), and the next
                // assignment replaces them under a new epoch.
                let notice = Change(kind: .lost, partitions: Set(relevant.map(\.partition)).sorted(),
                                    epochs: before.filter { number, _ in relevant.contains { $0.partition == number } })
                return (notice.partitions.isEmpty ? nil : notice, state.observers)
            }
            var owned: [Int32: Int64] = [:]
            let numbers = Set(state.assigned.map(\.partition))
            let assignedNow = Set(change.kind == .assigned ? relevant.map(\.partition) : [])
            for number in numbers where inputTopics.allSatisfy({ state.assigned.contains(TopicPartition(topic: $0, partition: number)) }) {
                owned[number] = assignedNow.contains(number) ? Self.epoch(generation: epoch, floor: epochFloors[number])
                    : (before[number] ?? epoch)
            }
            state.owned = owned
            state.lastHeld.merge(owned) { $1 }
            let gone = before.keys.filter { owned[$0] == nil }.sorted()
            let notice: Change?
            switch change.kind {
            case .assigned:
                let renewed = owned.keys.filter { assignedNow.contains($0) }.sorted()
                notice = renewed.isEmpty ? nil
                    : Change(kind: .assigned, partitions: renewed, epochs: owned.filter { renewed.contains($0.key) })
            case .revoked, .lost:
                notice = gone.isEmpty ? nil : Change(kind: .revoked, partitions: gone, epochs: before.filter { gone.contains($0.key) })
            }
            return (notice, state.observers)
        }
        guard let notice else { return }
        for observer in observers { observer(notice) }
    }
}
