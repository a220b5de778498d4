import Foundation
import OneThingKafka
import OneThingSupport

/// What lets a revocation finish the work in hand for the partitions it takes away.
///
/// A rebalance revokes partitions inside the consumer's poll, on the consumer's thread,
/// while the pipeline may be in the middle of a batch. Before the partitions are given
/// up (`PartitionOwnership` already says they are not owned, so no new transaction takes
/// their messages: the rest of the batch in hand is abandoned, uncommitted, for the next
/// owner), the barrier waits for the transaction under way, then for the broker to
/// acknowledge what the batches holding those partitions' messages published, and hands
/// their positions to the revoke's commit. So the next owner starts exactly after the
/// last input whose effects reached Kafka: nothing done twice, nothing skipped.
///
/// The waits are bounded: past them the positions not confirmed are left uncommitted and
/// the next owner consumes those inputs again (at-least-once, de-duplicated by `ce_id`).
final class RevocationBarrier: Sendable {
    private struct Batch {
        let messages: [ConsumedMessage]
        let tracker: DeliveryTracker
    }

    private struct State {
        var open = 0
        var nextID = 0
        var batches: [(id: Int, batch: Batch)] = []
    }

    private let state = Locked(State())
    /// How long a revocation waits for the transaction in hand, then for its deliveries.
    let transactionWait: Duration
    let deliveryWait: Duration

    init(transactionWait: Duration = .seconds(10), deliveryWait: Duration = .seconds(5)) {
        self.transactionWait = transactionWait
        self.deliveryWait = deliveryWait
    }

    /// A batch's transaction is about to start (call before checking ownership).
    func beginTransaction() { state.withLock { $0.open += 1 } }

    /// The transaction begun last ended; `messages` (if it committed) were published
    /// through `tracker`. Returns the batch's ticket for `completed`.
    @discardableResult
    func endTransaction(messages: [ConsumedMessage], tracker: DeliveryTracker?) -> Int? {
        state.withLock { state -> Int? in
            state.open -= 1
            guard let tracker, !messages.isEmpty else { return nil }
            state.nextID += 1
            state.batches.append((state.nextID, Batch(messages: messages, tracker: tracker)))
            return state.nextID
        }
    }

    /// The pipeline completed the batch itself (its offsets went to the committer).
    func completed(_ ticket: Int?) {
        guard let ticket else { return }
        state.withLock { $0.batches.removeAll { $0.id == ticket } }
    }

    /// Blocks (on the consumer's thread) until no transaction is under way and every
    /// batch holding messages of `partitions` is acknowledged, each wait bounded; returns
    /// the positions (next to read) of those partitions that are safe to commit: per
    /// partition, up to the first batch that was not fully delivered. Once `stopping`
    /// says a stop was asked for, deliveries are not waited for any more: the stop's own
    /// budget wins, and what was not confirmed is consumed again by the next owner.
    func settle(partitions: Set<Int32>, topics: Set<String>,
                stopping: () -> Bool = { false }) -> [TopicPartitionOffset] {
        let transactionDeadline = ContinuousClock.now + transactionWait
        while state.withLock({ $0.open > 0 }) && ContinuousClock.now < transactionDeadline {
            Thread.sleep(forTimeInterval: 0.002)
        }
        // Batches settled here are done with: their positions go out with the revoke, and
        // a later revocation must not commit them again over newer positions.
        let batches = state.withLock { state -> [Batch] in
            let concerned = state.batches.filter { entry in
                entry.batch.messages.contains { partitions.contains($0.partition) && topics.contains($0.topic) }
            }
            state.batches.removeAll { entry in entry.batch.messages.allSatisfy { partitions.contains($0.partition) } }
            return concerned.map(\.batch)
        }
        let deliveryDeadline = ContinuousClock.now + deliveryWait
        var positions: [TopicPartition: Int64] = [:]
        var stopped: Set<TopicPartition> = []
        for batch in batches {
            while !batch.tracker.isComplete && ContinuousClock.now < deliveryDeadline && !stopping() {
                Thread.sleep(forTimeInterval: 0.002)
            }
            let delivered = batch.tracker.isComplete && batch.tracker.allSucceeded
            for message in batch.messages where partitions.contains(message.partition) && topics.contains(message.topic) {
                let key = TopicPartition(topic: message.topic, partition: message.partition)
                if !delivered { stopped.insert(key) }
                if stopped.contains(key) { continue }
                positions[key] = max(positions[key] ?? Int64.min, message.offset + 1)
            }
        }
        return positions.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
    }
}
