import Foundation
import OneThingArchive
import OneThingExchange
import OneThingStore
import OneThingSupport

/// Moves final applications older than the retention period out of the store into the
/// archive (see `ArchiveDirectory`), one small batch per call, so the pipeline runs
/// between batches and never waits long.
///
/// One batch, crash-safe in three steps:
/// 1. a store transaction records the batch: its file and the file's size now;
/// 2. the batch's lines are appended to the file as one gzip member and fsynced;
/// 3. a store transaction removes the applications (every row of them), queues a
///    tombstone for each on the status topic and on the state topic, and closes the batch.
/// A crash after 1 or 2 leaves the batch recorded and the applications in the store:
/// the next call cuts the file back to its recorded size and starts afresh, so no line
/// is written twice and nothing leaves the store before its line is on disk.
///
/// Synchronous (file and store I/O): run it on the store's thread, like a transaction.
struct ApplicationArchiver: Sendable {
    let store: CorrelationStore
    let directory: ArchiveDirectory
    let flow: Flow
    /// The state topic, when the hub keeps state in Kafka (its tombstone goes there).
    let stateTopic: String?
    /// The owner epoch written into an application's tombstone on the state topic: the
    /// epoch its owner partition is held under (`StateChangelog.epoch`); nil: the one the
    /// application was stored with.
    let epoch: @Sendable (String) -> Int64?
    var batchSize = 100
    /// Test hook: asked after the batch's file is written, before the store forgets the
    /// applications; returning true throws `Interrupted` there, as a crash would stop it.
    var interruptAfterWrite: (@Sendable () -> Bool)?

    struct Interrupted: Error {}

    /// What one call did.
    struct Batch: Sendable {
        /// Applications written to the archive and removed from the store.
        var archived = 0
        /// Written but kept in the store: they changed meanwhile (archived again later).
        var kept = 0
        /// The file written (nil: nothing to archive).
        var file: String?
        /// A batch an earlier run left unfinished was cut off its file first.
        var recovered: ArchiveBatch?
        /// The tombstones queued, to publish now.
        var tombstones: [OutboxMessage] = []
        /// More applications may be due (the batch was full).
        var more = false
    }

    /// Archives up to `batchSize` final applications last changed before `cutoff`, of
    /// one month, among those owned by `partitions` (nil: all).
    func archiveBatch(changedBefore cutoff: Date, partitions: Set<Int32>?, now: Date) throws -> Batch {
        var batch = Batch()
        batch.recovered = try recoverInterruptedBatch()
        let writer = store.writerID, limit = batchSize
        let forms: [ArchivedApplication] = try store.read { reader in
            let due = try reader.archivableApplications(changedBefore: cutoff, limit: limit, partitions: partitions)
            batch.more = due.count == limit
            guard let first = due.first else { return [] }
            let month = Self.month(of: first.updatedAt)
            return try due.prefix { Self.month(of: $0.updatedAt) == month }.compactMap { item in
                try reader.archivedForm(applicationID: item.id, archivedAt: now, writer: writer)
            }
        }
        guard let first = forms.first else { return batch }
        // Only now: a hub with nothing to archive creates no directory.
        try directory.claim(owner: store.writerID)
        let month = Self.month(of: first.application.updatedAt)
        let file = ArchiveDirectory.fileName(year: month.year, month: month.month)
        batch.file = file
        let offset = try directory.size(of: file)
        let open = try store.write { writer in
            try writer.beginArchiveBatch(file: file, startOffset: offset, applicationIDs: forms.map(\.id), at: now)
        }
        var text: [UInt8] = []
        for form in forms {
            text += ArchiveRecordCodec.encode(form)
            text.append(UInt8(ascii: "\n"))
        }
        try directory.append(try GzipMember.compress(text), to: file, at: offset)
        if let interruptAfterWrite, interruptAfterWrite() { throw Interrupted() }
        let stateTopic = stateTopic, statusTopic = flow.topics.status, epoch = epoch, storeID = store.writerID
        let (archived, tombstones) = try store.write { writer -> (Int, [OutboxMessage]) in
            var archived = 0
            var tombstones: [OutboxMessage] = []
            for form in forms where try writer.removeArchived(form) {
                archived += 1
                let key = Array(form.id.utf8)
                let statusID = try writer.enqueueTombstone(topic: statusTopic, key: key, at: now)
                tombstones.append(OutboxMessage(id: statusID, topic: statusTopic, key: key, value: [], headers: [],
                                                isTombstone: true))
                if let stateTopic {
                    let headers = Self.stateTombstoneHeaders(epoch: max(epoch(form.id) ?? 0, form.application.ownerEpoch),
                                                              writer: storeID)
                    let stateID = try writer.enqueueTombstone(topic: stateTopic, key: key, headers: headers, at: now)
                    tombstones.append(OutboxMessage(id: stateID, topic: stateTopic, key: key, value: [], headers: headers,
                                                    isTombstone: true))
                }
            }
            try writer.endArchiveBatch(id: open.id)
            return (archived, tombstones)
        }
        batch.archived = archived
        batch.kept = forms.count - archived
        batch.tombstones = tombstones
        return batch
    }

    /// Cuts an interrupted batch off its file and closes it (its applications are all
    /// still in the store: the transaction that removes them also closes the batch).
    private func recoverInterruptedBatch() throws -> ArchiveBatch? {
        guard let pending = try store.read({ try $0.pendingArchiveBatch() }) else { return nil }
        try directory.claim(owner: store.writerID)
        try directory.cutBack(pending.file, to: pending.startOffset)
        try store.write { try $0.endArchiveBatch(id: pending.id) }
        return pending
    }

    /// The headers a restore needs to honour a tombstone (see `ChangelogRestore`).
    static func stateTombstoneHeaders(epoch: Int64, writer: String) -> [StoredHeader] {
        [
            StoredHeader(key: StateRecordCodec.Header.format, value: Array(String(StateRecord.formatVersion).utf8)),
            StoredHeader(key: StateRecordCodec.Header.epoch, value: Array(String(epoch).utf8)),
            StoredHeader(key: StateRecordCodec.Header.writer, value: Array(writer.utf8)),
        ]
    }

    /// The archive month of an instant: its calendar month in China Standard Time.
    static func month(of instant: Date) -> MonthIndex {
        CivilDate(instant).monthIndex
    }
}
