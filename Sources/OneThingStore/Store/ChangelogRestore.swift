import Foundation

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
public final class ChangelogRestore {
    public let topic: String
    public let partition: Int32
    private let store: CorrelationStore
    private var summary = RestoreSummary()
    /// Per writer: the highest `publishedThrough` seen in any record.
    private var publishedThrough: [String: Int64] = [:]
    /// Per application: the pending messages of its newest applied record (nil: none to
    /// send, e.g. this store's own).
    private var pending: [String: (writer: String, messages: [OutboxMessage])] = [:]
    private let now: @Sendable () -> Date

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

    /// Applies a run of consecutive records in one transaction.
    public func apply(_ entries: [ChangelogEntry]) throws(StoreError) {
        // The newest usable record per application; superseded ones are never parsed.
        var winners: [String: (entry: ChangelogEntry, epoch: Int64)] = [:]
        var order: [String] = []
        for entry in entries {
            summary.records += 1
            guard let keyBytes = entry.key else {
                invalid("a record without key")
                continue
            }
            let key = String(decoding: keyBytes, as: UTF8.self)
            guard let epoch = Self.header(entry, StateRecordCodec.Header.epoch) else {
                invalid("a record without the \(StateRecordCodec.Header.epoch) header")
                continue
            }
            if let writer = Self.text(entry, StateRecordCodec.Header.writer),
               let published = Self.header(entry, StateRecordCodec.Header.publishedThrough) {
                publishedThrough[writer] = max(publishedThrough[writer] ?? .min, published)
            }
            if let current = winners[key] {
                if epoch < current.epoch {
                    summary.stale += 1
                    continue
                }
                winners[key] = (entry, epoch)
            } else {
                winners[key] = (entry, epoch)
                order.append(key)
            }
        }
        let ownWriter = store.writerID
        try storeErrors {
            try store.write { writer in
                for key in order {
                    guard let (entry, epoch) = winners[key] else { continue }
                    if Self.text(entry, StateRecordCodec.Header.writer) == ownWriter {
                        summary.own += 1
                        pending[key] = nil
                        continue
                    }
                    if let stored = try writer.ownerEpoch(applicationID: key), stored > epoch {
                        summary.stale += 1
                        continue
                    }
                    guard let value = entry.value else {
                        // A tombstone: the application was archived by its owner.
                        if try writer.removeApplication(id: key) { summary.removed += 1 }
                        pending[key] = nil
                        continue
                    }
                    let record: StateRecord
                    do {
                        record = try StateRecordCodec.decode(value)
                    } catch {
                        invalid("\(error)")
                        continue
                    }
                    guard record.application.id == key else {
                        invalid("a record keyed \(key) holds application \(record.application.id)")
                        continue
                    }
                    try writer.save(record.application)
                    for event in record.processedEvents {
                        try writer.markProcessed(eventID: event.key, at: event.at, applicationID: key)
                    }
                    pending[key] = record.writer == ownWriter || record.pendingMessages.isEmpty
                        ? nil : (record.writer, record.pendingMessages)
                    summary.applied += 1
                }
            }
        }
    }

    /// Puts the pending messages of other writers back into the outbox and records the
    /// applied offset (`nextOffset`: the offset after the last record read), in one
    /// transaction.
    public func finish(nextOffset: Int64) throws(StoreError) -> RestoreSummary {
        let at = now()
        try storeErrors {
            try store.write { writer in
                for (applicationID, entry) in pending.sorted(by: { $0.key < $1.key }) {
                    let published = publishedThrough[entry.writer]
                    for message in entry.messages {
                        if let published, message.id <= published {
                            summary.messagesKnownPublished += 1
                            continue
                        }
                        try writer.enqueue(topic: message.topic, key: message.key, value: message.value,
                                           headers: message.headers, at: at, applicationID: applicationID,
                                           partition: message.partition)
                        summary.messagesRequeued += 1
                    }
                }
                try writer.setChangelogOffset(topic: topic, partition: partition, offset: nextOffset)
            }
        }
        pending.removeAll()
        return summary
    }

    private func invalid(_ reason: String) {
        summary.invalid += 1
        if summary.firstInvalidReason == nil { summary.firstInvalidReason = reason }
    }

    private static func text(_ entry: ChangelogEntry, _ name: String) -> String? {
        entry.headers.last { $0.key == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    private static func header(_ entry: ChangelogEntry, _ name: String) -> Int64? {
        text(entry, name).flatMap { Int64($0) }
    }

}
