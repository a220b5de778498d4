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
///
/// Pipelined (`RestoreWriter`): this thread fetches and parses, another writes, taking
/// the runs parsed meanwhile together into one transaction. A stop (`shouldStop`, asked
/// between polls) ends a restore once what was handed to the writer is written (at most
/// a transaction in hand and one waiting): what was written stays (a restore is
/// idempotent), the applied offset does not move, and the next owner reads those
/// records again.
package struct StateRestorer: Sendable {
    let configuration: KafkaConfiguration
    let store: CorrelationStore
    let topic: String
    let logger: HubLogger
    let metrics: HubMetrics?
    /// Partitions being restored now (`HubService.restoringPartitions`).
    let restoring: Locked<Set<Int32>>
    /// True once the service is stopping: a restore in progress gives up.
    let shouldStop: @Sendable () -> Bool

    package init(configuration: KafkaConfiguration, store: CorrelationStore, topic: String, logger: HubLogger,
         metrics: HubMetrics?, restoring: Locked<Set<Int32>>, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.configuration = configuration
        self.store = store
        self.topic = topic
        self.logger = logger
        self.metrics = metrics
        self.restoring = restoring
        self.shouldStop = shouldStop
    }

    /// At most this many records are written in one transaction of a restore (see
    /// `RestoreWriter`: the runs waiting, of one partition or several, go together):
    /// large enough that a transaction's pages are mostly the records' own rather than
    /// the index pages every transaction rewrites, small enough that a stop does not
    /// wait long for what was handed over, nor memory hold many parsed records.
    static let recordsPerTransaction = 8_000

    /// At most this many parsed records wait for the writer (the reader waits beyond):
    /// as many as one transaction takes, so that a writer slower than the reader always
    /// finds a full transaction waiting, and memory stays at about two transactions'
    /// records besides the run being parsed.
    static let queuedRecordsBound = 8_000

    /// Messages put back into the outbox by the restores so far.
    private let requeuedCount = Locked(0)

    var requeued: Int { requeuedCount.withLock { $0 } }

    /// Restores the partitions through one reader (see `PartitionReader`); a partition
    /// that fails is logged and left to the next assignment (its input is still
    /// processed: the store may lack applications the state topic holds, which shows as
    /// orphan replies rather than as a stopped hub). Returns, per partition restored, the
    /// highest owner epoch its records carry (see `PartitionOwnership.apply`).
    @discardableResult
    func restore(partitions: [Int32]) -> [Int32: Int64] {
        guard !partitions.isEmpty else { return [:] }
        restoring.withLock { $0.formUnion(partitions) }
        metrics?.setRestoringPartitions(restoring.withLock { $0.count })
        defer {
            restoring.withLock { $0.subtract(partitions) }
            metrics?.setRestoringPartitions(restoring.withLock { $0.count })
        }
        do {
            let summaries = try restoreTogether(partitions)
            var floors: [Int32: Int64] = [:]
            for partition in partitions {
                let stored = try ChangelogRestore(store: store, topic: topic, partition: partition).storedHighestEpoch()
                if let highest = [stored, summaries[partition]?.highestEpoch].compactMap({ $0 }).max() {
                    floors[partition] = highest
                }
            }
            return floors
        } catch is PartitionReader.Stopped {
            logger.notice("restoring partitions stopped: the service is stopping", [
                .string("topic", topic), .string("partitions", partitions.sorted().map(String.init).joined(separator: ",")),
            ])
        } catch {
            logger.error("restoring partitions from the state topic failed", [
                .string("topic", topic), .string("partitions", partitions.sorted().map(String.init).joined(separator: ",")),
                .error(error),
            ])
        }
        return [:]
    }

    /// Restores `partitions` through one reader; returns each partition's summary.
    /// Throws `PartitionReader.Stopped` when `shouldStop` said yes before the end.
    package func restoreTogether(_ partitions: [Int32]) throws -> [Int32: RestoreSummary] {
        var restores: [Int32: ChangelogRestore] = [:]
        var starts: [Int32: Int64?] = [:]
        for partition in partitions {
            let restore = ChangelogRestore(store: store, topic: topic, partition: partition)
            restores[partition] = restore
            starts[partition] = try restore.startOffset()
        }
        let began = ContinuousClock.now
        logger.info("restoring partitions", [.string("topic", topic),
                                             .string("partitions", partitions.sorted().map(String.init).joined(separator: ",")),
                                             .string("from", partitions.sorted().map { "\(starts[$0].flatMap { $0 } ?? 0)" }
                                                 .joined(separator: ","))])
        var read = 0
        var lastReport = began
        let summaries = Locked<[Int32: RestoreSummary]>([:])
        let ownWriter = store.writerID
        let (store, topic, logger, metrics, restoring, requeuedCount) = (store, topic, logger, metrics, restoring, requeuedCount)
        // Each run of records is handed over as soon as it is parsed; the writer writes
        // every run waiting in one transaction (`ChangelogRestore.write`), and only once
        // it committed does a partition count as restored.
        let writer = RestoreWriter<ChangelogRestore.Step>(recordsPerTransaction: Self.recordsPerTransaction,
                                                          queuedRecordsBound: Self.queuedRecordsBound) { steps in
            try ChangelogRestore.write(steps, store: store)
            for case .finish(let restore, let next) in steps {
                let summary = restore.summary
                let partition = restore.partition
                summaries.withLock { $0[partition] = summary }
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
            }
        }
        do {
            try PartitionReader.read(configuration: configuration, topic: topic, partitions: starts, shouldStop: shouldStop,
                                     onChunk: { partition, chunk in
                guard let restore = restores[partition] else { return }
                let prepared = ChangelogRestore.prepare(chunk.map { message in
                    ChangelogEntry(offset: message.offset, key: message.key, value: message.value,
                                   headers: message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) })
                }, ownWriter: ownWriter)
                try writer.submit(.apply(restore, prepared), records: chunk.count)
                read += chunk.count
                metrics?.restoreRecords(chunk.count)
                if ContinuousClock.now - lastReport > .seconds(2) {
                    lastReport = .now
                    logger.info("restoring partitions: progress", [.string("topic", topic), .int("records", read),
                                                                   .double("seconds", (ContinuousClock.now - began).inSeconds)])
                }
            }, onEnd: { partition, next in
                guard let restore = restores[partition] else { return }
                try writer.submit(.finish(restore, nextOffset: next), records: 0)
            })
        } catch {
            // What was submitted finishes first (the store must not be written behind
            // the caller's back once this returns); the read's error is the one reported.
            try? writer.drain()
            throw error
        }
        try writer.drain()
        return summaries.withLock { $0 }
    }
}
