import Foundation
import OneThingKafka
import OneThingStore
import OneThingSupport

/// Rebuilds the store's share of an assigned partition from the flow's state topic
/// before the hub processes that partition's input: reads the state partition from the
/// store's applied offset to its end (`PartitionReader`) and applies it
/// (`ChangelogRestore`). The store is a cache of the partitions this instance owns;
/// the state topic is the truth.
///
/// Blocking: it runs on the group consumer's thread inside the assignment callback, so
/// no input of the new assignment is handed out until its state is in the store.
struct StateRestorer: Sendable {
    let configuration: KafkaConfiguration
    let store: CorrelationStore
    let topic: String
    let logger: HubLogger
    let metrics: HubMetrics?
    /// Partitions being restored now (`HubService.restoringPartitions`).
    let restoring: Locked<Set<Int32>>

    init(configuration: KafkaConfiguration, store: CorrelationStore, topic: String, logger: HubLogger,
         metrics: HubMetrics?, restoring: Locked<Set<Int32>>) {
        self.configuration = configuration
        self.store = store
        self.topic = topic
        self.logger = logger
        self.metrics = metrics
        self.restoring = restoring
    }

    /// Messages put back into the outbox by the restores so far.
    private let requeuedCount = Locked(0)

    var requeued: Int { requeuedCount.withLock { $0 } }

    /// Restores the partitions through one reader (see `PartitionReader`); a partition
    /// that fails is logged and left to the next assignment (its input is still
    /// processed: the store may lack applications the state topic holds, which shows as
    /// orphan replies rather than as a stopped hub).
    func restore(partitions: [Int32]) {
        guard !partitions.isEmpty else { return }
        restoring.withLock { $0.formUnion(partitions) }
        metrics?.setRestoringPartitions(restoring.withLock { $0.count })
        defer {
            restoring.withLock { $0.subtract(partitions) }
            metrics?.setRestoringPartitions(restoring.withLock { $0.count })
        }
        do {
            _ = try restoreTogether(partitions)
        } catch {
            logger.error("restoring partitions from the state topic failed", [
                .string("topic", topic), .string("partitions", partitions.sorted().map(String.init).joined(separator: ",")),
                .error(error),
            ])
        }
    }

    /// Restores `partitions` through one reader; returns each partition's summary.
    func restoreTogether(_ partitions: [Int32]) throws -> [Int32: RestoreSummary] {
        var restores: [Int32: ChangelogRestore] = [:]
        var starts: [Int32: Int64?] = [:]
        for partition in partitions {
            let restore = ChangelogRestore(store: store, topic: topic, partition: partition)
            restores[partition] = restore
            starts[partition] = try restore.startOffset()
        }
        let began = ContinuousClock.now
        logger.info("restoring partitions", [.string("topic", topic),
                                             .string("partitions", partitions.sorted().map(String.init).joined(separator: ","))])
        var read = 0
        var lastReport = began
        var summaries: [Int32: RestoreSummary] = [:]
        try PartitionReader.read(configuration: configuration, topic: topic, partitions: starts, onChunk: { partition, chunk in
            try restores[partition]?.apply(chunk.map { message in
                ChangelogEntry(offset: message.offset, key: message.key, value: message.value,
                               headers: message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) })
            })
            read += chunk.count
            metrics?.restoreRecords(chunk.count)
            if ContinuousClock.now - lastReport > .seconds(2) {
                lastReport = .now
                logger.info("restoring partitions: progress", [.string("topic", topic), .int("records", read)])
            }
        }, onEnd: { partition, next in
            guard let restore = restores[partition] else { return }
            let summary = try restore.finish(nextOffset: next)
            summaries[partition] = summary
            requeuedCount.withLock { $0 += summary.messagesRequeued }
            restoring.withLock { _ = $0.remove(partition) }
            metrics?.setRestoringPartitions(restoring.withLock { $0.count })
            logger.info("restored partition", [
                .string("topic", topic), .int("partition", Int(partition)), .int("records", summary.records),
                .int("applications", summary.applied), .int("own", summary.own), .int("stale", summary.stale),
                .int("invalid", summary.invalid), .int("messagesRequeued", summary.messagesRequeued),
                .int("nextOffset", Int(next)), .double("seconds", (ContinuousClock.now - began).inSeconds),
            ])
            if let reason = summary.firstInvalidReason {
                logger.warning("state records not usable", [.int("partition", Int(partition)), .int("count", summary.invalid),
                                                            .string("first", reason)])
            }
        })
        return summaries
    }
}
