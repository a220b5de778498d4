/// Recently used application records, so the hub's hot path (load an application, apply
/// one reply, save it) does not decode the same rows and JSON again at every event.
///
/// Correctness rules:
/// - Write-through: `save` replaces the cached record; saves of a write transaction are
///   staged and join the cache only when it commits (dropped on rollback).
/// - Another connection's commit empties the cache: each transaction first reads
///   `PRAGMA data_version`, which changes exactly when another connection (hubctl, say)
///   committed since this one last looked.
/// - Bounded: two generations of at most `capacity` records each; when the young one is
///   full it becomes the old one and the previous old one is dropped (an approximate LRU
///   without per-access bookkeeping). A hit in the old generation moves to the young one.
/// Only touched under the store's lock.
final class RecordCache {
    private let capacity: Int
    private var young: [String: ApplicationRecord] = [:]
    private var old: [String: ApplicationRecord] = [:]
    private var staged: [String: ApplicationRecord] = [:]
    private var dataVersion: Int64?

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isEnabled: Bool { capacity > 0 }

    /// Empties the cache when another connection committed since the last check.
    func validate(dataVersion current: Int64) {
        if dataVersion != current {
            young.removeAll(keepingCapacity: true)
            old.removeAll()
            staged.removeAll()
            dataVersion = current
        }
    }

    func lookup(_ id: String) -> ApplicationRecord? {
        if let record = staged[id] ?? young[id] { return record }
        guard let record = old.removeValue(forKey: id) else { return nil }
        insert(record)
        return record
    }

    /// A record as this write transaction sees it (saved or loaded).
    func stage(_ record: ApplicationRecord) {
        guard isEnabled else { return }
        staged[record.id] = record
    }

    /// A record as committed (loaded in a read transaction).
    func remember(_ record: ApplicationRecord) {
        guard isEnabled else { return }
        insert(record)
    }

    func commit() {
        for record in staged.values { insert(record) }
        staged.removeAll(keepingCapacity: true)
    }

    func rollback() {
        staged.removeAll(keepingCapacity: true)
    }

    private func insert(_ record: ApplicationRecord) {
        if young.count >= capacity, young[record.id] == nil {
            old = young
            young = [:]
            young.reserveCapacity(capacity)
        }
        old.removeValue(forKey: record.id)
        young[record.id] = record
    }
}
