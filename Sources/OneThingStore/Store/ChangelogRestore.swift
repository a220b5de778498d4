import Foundation
import OneThingSupport

/// One record read from a state-topic partition (`value` nil: a tombstone).
public struct ChangelogEntry: Sendable {
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [StoredHeader]

    public init(offset: Int64, key: [UInt8]?, value: [UInt8]?, headers: [StoredHeader]) {
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// What a restore of one partition did.
public struct RestoreSummary: Sendable, Hashable {
    /// Records read (every one, superseded or not).
    public var records = 0
    /// Applications written into the store.
    public var applied = 0
    /// Records ignored because a newer owner epoch was seen for their application.
    public var stale = 0
    /// Records this store wrote itself: it holds their state already (or newer), so they
    /// are not applied again.
    public var own = 0
    /// Records that were not usable (not a state record, malformed, newer format); the
    /// first reason is kept.
    public var invalid = 0
    public var firstInvalidReason: String?
    /// Unpublished messages of another writer put back into the outbox.
    public var messagesRequeued = 0
    /// Pending messages left out because a later record of their writer showed them published.
    public var messagesKnownPublished = 0
    /// Applications removed from the store because their newest record is a tombstone
    /// (another instance archived them).
    public var removed = 0
    /// The highest owner epoch of any record read (nil: none read). The next owner's
    /// epoch must not be below it (see `PartitionOwnership`).
    public var highestEpoch: Int64?

    public init() {}
}

/// Rebuilds a state-topic partition's applications in the store: feed it the records of
/// the partition from the store's applied offset (`StoreReader.changelogOffset`) in
/// offset order with `apply` (one transaction per call), then `finish` with the offset
/// after the last one read.
///
/// - This store's own records are skipped: the store saved that state before the record
///   was even published, and its outbox still holds what the record calls pending; an
///   own record read back (re-assigned the partition while newer own records were still
///   in flight) must not take an application back to an older state.
/// - Newest wins: of several records of one application, the one with the highest owner
///   epoch and, among those, the latest. A record whose epoch is older than the one the
///   store holds for the application (written by an instance that had lost the
///   partition) is ignored.
/// - A tombstone (a record with no value, written when the owner archived the
///   application) removes the application and its rows, unless a newer record follows.
/// - Idempotent: applying the same records again gives the same store (upserts; keys
///   inserted once), so a restore interrupted by a crash simply runs again.
/// - Pending messages: those of the applications' newest records written by another
///   store go back into this store's outbox with their original headers (and `ce_id`),
///   unless a record of the same writer showed them published; this store's own are
///   still in its outbox. They are enqueued by `finish`, together with the applied
///   offset, once every record is read: only then is each application's newest record,
///   and every writer's newest acknowledgement, known.
///
/// Sendable so that a restore can be pipelined: records are parsed (`prepare`) on one
/// thread while the runs parsed before are written on another (several to a
/// transaction, see `write(_:store:)`); calls to `apply` and `finish` must still come in
/// offset order.
public final class ChangelogRestore: Sendable {
    public let topic: String
    public let partition: Int32
    private let store: CorrelationStore
    private let now: @Sendable () -> Date

    private struct Progress: Sendable {
        var summary = RestoreSummary()
        /// Per writer: the highest `publishedThrough` seen in any record.
        var publishedThrough: [String: Int64] = [:]
        /// Per application: the pending messages of its newest applied record (absent:
        /// none to send, e.g. this store's own).
        var pending: [String: PendingMessages] = [:]

        mutating func invalid(_ reason: String) {
            summary.invalid += 1
            if summary.firstInvalidReason == nil { summary.firstInvalidReason = reason }
        }
    }

    private struct PendingMessages: Sendable {
        let writer: String
        let messages: [OutboxMessage]
    }

    private let progress = Locked(Progress())

    public init(store: CorrelationStore, topic: String, partition: Int32, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.topic = topic
        self.partition = partition
        self.now = now
    }

    /// Where to start reading: the store's applied offset of the partition, or nil (the
    /// beginning).
    public func startOffset() throws(StoreError) -> Int64? {
        let topic = topic, partition = partition
        return try storeErrors { try store.read { try $0.changelogOffset(topic: topic, partition: partition) } }
    }

    /// The highest owner epoch among the applications the store keeps for the partition
    /// (nil: none): with `RestoreSummary.highestEpoch`, the floor of the next owner epoch.
    public func storedHighestEpoch() throws(StoreError) -> Int64? {
        let partition = partition
        return try storeErrors { try store.read { try $0.highestOwnerEpoch(partition: partition) } }
    }

    /// Applies a run of consecutive records in one transaction (`prepare`, then
    /// `apply(_:)` of the result).
    public func apply(_ entries: [ChangelogEntry]) throws(StoreError) {
        try apply(Self.prepare(entries, ownWriter: store.writerID))
    }

    /// A run of records sorted out and parsed (`prepare`), ready to be written.
    public struct PreparedChunk: Sendable {
        fileprivate struct Winner: Sendable {
            let key: String
            let epoch: Int64
            /// Written by the restoring store itself (not applied again).
            let own: Bool
            let parsed: Parsed?
        }

        fileprivate enum Parsed: Sendable {
            /// Decoded into the values of its statements (`RestorableRecord`, its values
            /// in the chunk's `rows`); `value`, the record's bytes, is decoded whole only
            /// if the store holds the application already (then it is saved over the
            /// stored version).
            case record(RestorableRecord, value: [UInt8])
            /// No value: the application was archived by its owner.
            case tombstone
            case invalid(String)
        }

        fileprivate var records = 0
        fileprivate var stale = 0
        fileprivate var invalidReasons: [String] = []
        fileprivate var highestEpoch: Int64?
        fileprivate var publishedThrough: [String: Int64] = [:]
        fileprivate var winners: [Winner] = []
        /// The values of the parsed records' rows, flat (`SQLRowValues`): freed at once
        /// with the chunk, however many records it holds.
        fileprivate var rows = SQLRowValues()
    }

    /// Sorts out a run of consecutive records and parses the newest of each application:
    /// the part of a restore that needs no store, so it can run on another thread while
    /// the previous run is written. Superseded records are never parsed.
    public static func prepare(_ entries: [ChangelogEntry], ownWriter: String) -> PreparedChunk {
        var chunk = PreparedChunk()
        var newest: [String: (entry: ChangelogEntry, epoch: Int64)] = [:]
        var order: [String] = []
        for entry in entries {
            chunk.records += 1
            guard let keyBytes = entry.key else {
                chunk.invalidReasons.append("a record without key")
                continue
            }
            let key = String(decoding: keyBytes, as: UTF8.self)
            guard let epoch = header(entry, StateRecordCodec.Header.epoch) else {
                chunk.invalidReasons.append("a record without the \(StateRecordCodec.Header.epoch) header")
                continue
            }
            chunk.highestEpoch = max(chunk.highestEpoch ?? epoch, epoch)
            if let writer = text(entry, StateRecordCodec.Header.writer),
               let published = header(entry, StateRecordCodec.Header.publishedThrough) {
                chunk.publishedThrough[writer] = max(chunk.publishedThrough[writer] ?? .min, published)
            }
            if let current = newest[key] {
                if epoch < current.epoch {
                    chunk.stale += 1
                    continue
                }
            } else {
                order.append(key)
            }
            newest[key] = (entry, epoch)
        }
        chunk.winners.reserveCapacity(order.count)
        for key in order {
            guard let (entry, epoch) = newest[key] else { continue }
            if text(entry, StateRecordCodec.Header.writer) == ownWriter {
                chunk.winners.append(.init(key: key, epoch: epoch, own: true, parsed: nil))
                continue
            }
            guard let value = entry.value else {
                chunk.winners.append(.init(key: key, epoch: epoch, own: false, parsed: .tombstone))
                continue
            }
            let parsed: PreparedChunk.Parsed
            do {
                let record = try RestorableRecord.decode(value, into: &chunk.rows)
                parsed = record.applicationID == key ? .record(record, value: value)
                    : .invalid("a record keyed \(key) holds application \(record.applicationID)")
            } catch {
                parsed = .invalid("\(error)")
            }
            chunk.winners.append(.init(key: key, epoch: epoch, own: false, parsed: parsed))
        }
        return chunk
    }

    /// Writes a prepared run of records in one transaction: each application's newest
    /// record unless the store holds it under a newer owner epoch.
    public func apply(_ chunk: PreparedChunk) throws(StoreError) {
        try Self.write([.apply(self, chunk)], store: store)
    }

    /// What the restore did so far (committed steps only).
    public var summary: RestoreSummary {
        progress.withLock { $0.summary }
    }

    /// Puts the pending messages of other writers back into the outbox and records the
    /// applied offset (`nextOffset`: the offset after the last record read), in one
    /// transaction.
    public func finish(nextOffset: Int64) throws(StoreError) -> RestoreSummary {
        try Self.write([.finish(self, nextOffset: nextOffset)], store: store)
        return summary
    }

    /// One step of a restore, for `write(_:store:)`.
    public enum Step: Sendable {
        /// `apply(_:)` of a prepared run of records.
        case apply(ChangelogRestore, PreparedChunk)
        /// `finish(nextOffset:)`.
        case finish(ChangelogRestore, nextOffset: Int64)

        var restore: ChangelogRestore {
            switch self {
            case .apply(let restore, _), .finish(let restore, _): restore
            }
        }
    }

    /// Writes the steps of one or several partitions' restores, in order, in one
    /// transaction (every restore must be of `store`). Why together: a transaction's
    /// fixed cost (the commit's WAL write, the checkpoint that follows it, the index
    /// pages every run of records dirties again) is paid once for them all, and a
    /// partition's records, read in runs of its own, may be few.
    public static func write(_ steps: [Step], store: CorrelationStore) throws(StoreError) {
        guard !steps.isEmpty else { return }
        // What each restore has learned, as this attempt of the transaction changes it
        // (the store may run it again when another process held the lock); stored
        // into the restores once it committed.
        var tentative: [ObjectIdentifier: (restore: ChangelogRestore, progress: Progress)] = [:]
        try storeErrors {
            // Without foreign keys enforced: every application is inserted before its
            // rows, and a tombstone's removal deletes the rows itself.
            try store.writeWithoutForeignKeys { writer in
                tentative.removeAll(keepingCapacity: true)
                for step in steps {
                    let restore = step.restore
                    let key = ObjectIdentifier(restore)
                    var progress = tentative.removeValue(forKey: key)?.progress ?? restore.progress.withLock { $0 }
                    switch step {
                    case .apply(_, let chunk): try restore.write(chunk, with: writer, into: &progress)
                    case .finish(_, let next): try restore.writeFinish(nextOffset: next, with: writer, into: &progress)
                    }
                    tentative[key] = (restore, progress)
                }
            }
        }
        for (restore, progress) in tentative.values { restore.progress.withLock { $0 = progress } }
    }

    /// `apply(_:)` inside the caller's transaction.
    private func write(_ chunk: PreparedChunk, with writer: StoreWriter, into progress: inout Progress) throws(StoreError) {
        let ownWriter = store.writerID, partition = partition
        let stored = try writer.ownerEpochs(of: chunk.winners.filter { !$0.own }.map(\.key))
        progress.summary.records += chunk.records
        progress.summary.stale += chunk.stale
        for reason in chunk.invalidReasons { progress.invalid(reason) }
        if let highest = chunk.highestEpoch {
            progress.summary.highestEpoch = max(progress.summary.highestEpoch ?? highest, highest)
        }
        for (writer, published) in chunk.publishedThrough {
            progress.publishedThrough[writer] = max(progress.publishedThrough[writer] ?? .min, published)
        }
        // Applications the store does not hold, inserted together at the end.
        var inserted: [RestorableRecord] = []
        for index in chunk.winners.indices {
            let winner = chunk.winners[index]
            let key = winner.key
            if winner.own {
                progress.summary.own += 1
                progress.pending[key] = nil
                continue
            }
            if let epoch = stored[key], epoch > winner.epoch {
                progress.summary.stale += 1
                continue
            }
            let record: RestorableRecord
            switch winner.parsed {
            case .record(let restorable, let value):
                record = restorable
                if stored[key] != nil {
                    // Whole, to be saved over the stored version. The rows decoder took
                    // it, and the two take the same records (their tests hold them to it);
                    // should this one refuse it all the same, the record is not usable.
                    let state: StateRecord
                    do {
                        state = try StateRecordCodec.decode(value)
                    } catch {
                        progress.invalid("\(error)")
                        continue
                    }
                    try writer.restore(state, partition: partition, replacing: true)
                } else {
                    inserted.append(restorable)
                }
            case .tombstone:
                if try writer.removeApplication(id: key) { progress.summary.removed += 1 }
                progress.pending[key] = nil
                continue
            case .invalid(let reason):
                progress.invalid(reason)
                continue
            case nil: continue
            }
            progress.pending[key] = record.writer == ownWriter || record.pendingMessages.isEmpty
                ? nil : PendingMessages(writer: record.writer, messages: record.pendingMessages)
            progress.summary.applied += 1
        }
        try writer.insertRestored(inserted, from: chunk.rows, partition: partition)
    }

    /// `finish(nextOffset:)` inside the caller's transaction.
    private func writeFinish(nextOffset: Int64, with writer: StoreWriter, into progress: inout Progress) throws(StoreError) {
        let at = now()
        for (applicationID, entry) in progress.pending.sorted(by: { $0.key < $1.key }) {
            let published = progress.publishedThrough[entry.writer]
            for message in entry.messages {
                if let published, message.id <= published {
                    progress.summary.messagesKnownPublished += 1
                    continue
                }
                try writer.enqueue(topic: message.topic, key: message.key, value: message.value,
                                   headers: message.headers, at: at, applicationID: applicationID,
                                   partition: message.partition)
                progress.summary.messagesRequeued += 1
            }
        }
        progress.pending.removeAll()
        try writer.setChangelogOffset(topic: topic, partition: partition, offset: nextOffset)
    }

    private static func text(_ entry: ChangelogEntry, _ name: String) -> String? {
        entry.headers.last { $0.key == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    private static func header(_ entry: ChangelogEntry, _ name: String) -> Int64? {
        text(entry, name).flatMap { Int64($0) }
    }

}
