/// Recently used application records, so the hub's hot path (load an application, apply
/// one reply, save it) does not decode the same rows and JSON again at every event.
///
/// Correctness rules:
/// - Write-through: `save` replaces the cached record; saves of a write transaction are
///   staged and join the cache only when it commits (dropped on rollback).
/// - Another connection's commit empties the cache: each transaction first reads
///   `PRAGMA data_version`, which changes exactly when another connection (hubctl, say)
///   committed since this one last looked.
/// - Bounded in records and in bytes: two generations of at most `capacity` records and
///   `byteBudget` bytes each (bytes as `RecordFootprint` estimates them); when the young
///   one is full by either measure it becomes the old one and the previous old one is
///   dropped (an approximate LRU without per-access bookkeeping). A hit in the old
///   generation moves to the young one. A record larger than the whole budget is not
///   cached at all. So the cache holds at most twice each limit.
/// Only touched under the store's lock.
final class RecordCache {
    private struct Entry {
        let record: ApplicationRecord
        let bytes: Int
    }

    private let capacity: Int
    private let byteBudget: Int
    private var young: [String: Entry] = [:]
    private var old: [String: Entry] = [:]
    private var youngBytes = 0
    private var oldBytes = 0
    private var staged: [String: ApplicationRecord] = [:]
    private var dataVersion: Int64?

    /// `byteBudget`: bytes per generation (`Int.max`: bounded by records only).
    init(capacity: Int, byteBudget: Int = .max) {
        self.capacity = capacity
        self.byteBudget = byteBudget
    }

    var isEnabled: Bool { capacity > 0 && byteBudget > 0 }

    /// Records held (both generations; staged ones not counted).
    var count: Int { young.count + old.count }

    /// Estimated bytes held (both generations).
    var bytes: Int { youngBytes + oldBytes }

    /// Empties the cache when another connection committed since the last check.
    func validate(dataVersion current: Int64) {
        if dataVersion != current {
            young.removeAll(keepingCapacity: true)
            old.removeAll()
            youngBytes = 0
            oldBytes = 0
            staged.removeAll()
            dataVersion = current
        }
    }

    func lookup(_ id: String) -> ApplicationRecord? {
        if let record = staged[id] ?? young[id]?.record { return record }
        guard let entry = old.removeValue(forKey: id) else { return nil }
        oldBytes -= entry.bytes
        insert(entry.record, bytes: entry.bytes)
        return entry.record
    }

    /// A record as this write transaction sees it (saved or loaded).
    func stage(_ record: ApplicationRecord) {
        guard isEnabled else { return }
        staged[record.id] = record
    }

    /// A record as committed (loaded in a read transaction).
    func remember(_ record: ApplicationRecord) {
        guard isEnabled else { return }
        insert(record, bytes: RecordFootprint.bytes(of: record))
    }

    /// Drops the record (the application was removed from the store).
    func forget(_ id: String) {
        staged[id] = nil
        if let entry = young.removeValue(forKey: id) { youngBytes -= entry.bytes }
        if let entry = old.removeValue(forKey: id) { oldBytes -= entry.bytes }
    }

    func commit() {
        for record in staged.values { insert(record, bytes: RecordFootprint.bytes(of: record)) }
        staged.removeAll(keepingCapacity: true)
    }

    func rollback() {
        staged.removeAll(keepingCapacity: true)
    }

    private func insert(_ record: ApplicationRecord, bytes: Int) {
        if let previous = young.removeValue(forKey: record.id) { youngBytes -= previous.bytes }
        if let previous = old.removeValue(forKey: record.id) { oldBytes -= previous.bytes }
        guard bytes <= byteBudget else { return }
        if young.count >= capacity || youngBytes + bytes > byteBudget {
            old = young
            oldBytes = youngBytes
            young = [:]
            young.reserveCapacity(min(capacity, 1_024))
            youngBytes = 0
        }
        young[record.id] = Entry(record: record, bytes: bytes)
        youngBytes += bytes
    }
}
