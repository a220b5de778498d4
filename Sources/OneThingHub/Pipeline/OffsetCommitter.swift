import Foundation
import OneThingKafka
import OneThingSupport

/// Commits consumed offsets in the background, one commit at a time and in order: while
/// one commit is with the broker, the positions of later batches accumulate and go out
/// together in the next.
///
/// Why: waiting for the previous batch's commit before committing the next would put a
/// broker round trip into every batch's cycle. Positions only move
/// forward (the highest processed offset + 1 per partition), so merging them loses
/// nothing, and a commit that fails is harmless: a later one carries higher positions,
/// and an uncommitted batch is only delivered again and recognised as processed.
final class OffsetCommitter: Sendable {
    private struct State {
        var pending: [TopicPartition: Int64] = [:]
        var committing = false
    }

    private let state = Locked(State())
    private let consumer: KafkaConsumer
    private let logger: HubLogger

    init(consumer: KafkaConsumer, logger: HubLogger) {
        self.consumer = consumer
        self.logger = logger
    }

    /// Notes that every message of `batch` is done (its effects are acknowledged by
    /// Kafka) and starts a commit unless one is under way.
    func commit(after batch: [ConsumedMessage]) {
        let start = state.withLock { state -> Bool in
            for message in batch {
                let key = TopicPartition(topic: message.topic, partition: message.partition)
                state.pending[key] = max(state.pending[key] ?? Int64.min, message.offset + 1)
            }
            guard !state.committing, !state.pending.isEmpty else { return false }
            state.committing = true
            return true
        }
        if start { Task { await drain() } }
    }

    /// True when nothing is waiting to be committed and no commit is under way.
    var isIdle: Bool { state.withLock { !$0.committing && $0.pending.isEmpty } }

    private func drain() async {
        while true {
            let next = state.withLock { state -> [TopicPartition: Int64]? in
                guard !state.pending.isEmpty else {
                    state.committing = false
                    return nil
                }
                defer { state.pending = [:] }
                return state.pending
            }
            guard let next else { return }
            let offsets = next.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
            do {
                try await consumer.commit(offsets: offsets)
            } catch {
                logger.warning("offset commit failed", [.error(error)])
            }
        }
    }
}
