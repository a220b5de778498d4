import Foundation
import OneThingKafka
import OneThingSupport

/// Commits consumed offsets in the background, one commit at a time and in order: while
/// one commit is with the broker, the positions of later batches accumulate and go out
/// together in the next.
///
/// Only partitions this member is assigned when the commit goes out are committed.
///
/// Why: waiting for the previous batch's commit before committing the next would put a
/// broker round trip into every batch's cycle. Positions only move
/// forward (the highest processed offset + 1 per partition), so merging them loses
/// nothing, and a commit that fails is harmless: a later one carries higher positions,
/// and an uncommitted batch is only delivered again and recognised as processed.
final class OffsetCommitter: Sendable {
    private struct Position {
        var offset: Int64
        /// The owner epoch the batch was processed under (nil: not checked).
        var epoch: Int64?
    }

    private struct State {
        var pending: [TopicPartition: Position] = [:]
        var committing = false
    }

    private let state = Locked(State())
    private let consumer: KafkaConsumer
    private let logger: HubLogger
    /// When given, a position is committed only while its partition is still owned under
    /// the epoch its batch was processed in: a batch finished after its partition was
    /// lost and given back (a paused instance that rejoined) must not move the new
    /// owner's position back.
    private let ownership: PartitionOwnership?

    init(consumer: KafkaConsumer, logger: HubLogger, ownership: PartitionOwnership? = nil) {
        self.consumer = consumer
        self.logger = logger
        self.ownership = ownership
    }

    /// Notes that every message of `batch` is done (its effects are acknowledged by
    /// Kafka) and starts a commit unless one is under way. `epochs`: the owner epoch of
    /// each partition number when the batch's transaction ran.
    func commit(after batch: [ConsumedMessage], epochs: [Int32: Int64]? = nil) {
        let start = state.withLock { state -> Bool in
            for message in batch {
                let key = TopicPartition(topic: message.topic, partition: message.partition)
                let epoch = epochs?[message.partition]
                if let existing = state.pending[key], existing.epoch == epoch {
                    state.pending[key]?.offset = max(existing.offset, message.offset + 1)
                } else {
                    state.pending[key] = Position(offset: message.offset + 1, epoch: epoch)
                }
            }
            guard !state.committing, !state.pending.isEmpty else { return false }
            state.committing = true
            return true
        }
        if start { Task { await drain() } }
    }

    /// Removes and returns the positions waiting for partitions numbered `partitions`
    /// that were processed under `epochs` (the epochs they were held under until now: a
    /// revocation commits them itself, before the partitions are given up).
    func take(partitions: Set<Int32>, heldUnder epochs: [Int32: Int64]) -> [TopicPartitionOffset] {
        state.withLock { state in
            let taken = state.pending.filter { partitions.contains($0.key.partition) }
            for key in taken.keys { state.pending[key] = nil }
            return taken.filter { position in
                position.value.epoch == nil || position.value.epoch == epochs[position.key.partition]
            }.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value.offset) }
        }
    }

    /// True when nothing is waiting to be committed and no commit is under way.
    var isIdle: Bool { state.withLock { !$0.committing && $0.pending.isEmpty } }

    private func drain() async {
        while true {
            let next = state.withLock { state -> [TopicPartition: Position]? in
                guard !state.pending.isEmpty else {
                    state.committing = false
                    return nil
                }
                defer { state.pending = [:] }
                return state.pending
            }
            guard let next else { return }
            let offsets = next.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value.offset) }
            let epochs = Dictionary(next.map { ($0.key, $0.value.epoch) }, uniquingKeysWith: { first, _ in first })
            let ownership = ownership
            do {
                // Only partitions still assigned, under the epoch the batch ran in: after a
                // rebalance another member owns the others, and a classic coordinator would
                // accept this member's commit for them. Both are checked on the consumer's
                // thread, where rebalances are applied, so none slips in between.
                let dropped = try await consumer.commit(offsets: offsets, onlyAssigned: true, keep: { position in
                    guard let epoch = epochs[TopicPartition(topic: position.topic, partition: position.partition)] ?? nil else {
                        return true
                    }
                    return ownership?.epoch(for: position.partition) == epoch
                })
                if !dropped.isEmpty {
                    logger.info("offsets of partitions no longer owned dropped", [.int("partitions", dropped.count)])
                }
            } catch {
                // Put the positions back (newer ones that came meanwhile win), so a
                // revocation or the next attempt still commits them: a coordinator busy
                // with a rebalance refuses commits for a moment, and losing a position
                // would make the next owner repeat the batch.
                logger.warning("offset commit failed; retrying", [.error(error)])
                state.withLock { state in
                    for (key, position) in next {
                        guard let newer = state.pending[key] else { state.pending[key] = position; continue }
                        if newer.epoch == position.epoch { state.pending[key]?.offset = max(newer.offset, position.offset) }
                    }
                }
                try? await Task.sleep(for: Self.retryPause)
            }
        }
    }

    /// The pause before committing again after a failed commit.
    static let retryPause: Duration = .milliseconds(200)
}
