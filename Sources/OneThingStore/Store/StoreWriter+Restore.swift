import Foundation
import OneThingExchange

/// Writing what a restore rebuilds from the state topic (see `ChangelogRestore`) in few
/// statements. An assigned partition's input waits until its applications are in the
/// store, and a partition can hold a hundred thousand of them, so a restored
/// application costs a handful of statements instead of one per matter and one per
/// de-duplication key: the statement's fixed cost (bind, step, reset, the round through
/// the virtual machine) is what dominates rows this small. Its keys are one row
/// (`restored_events`, see `Schema.version10`), not one per key: senders' random keys
/// scattered over three indexes made every transaction rewrite most of their pages.
extension StoreReader {
    /// The owner epochs stored for those of `ids` that are stored, in one statement.
    public func ownerEpochs(of ids: [String]) throws(StoreError) -> [String: Int64] {
        guard !ids.isEmpty else { return [:] }
        let list = JSONValue.array(ids.map { .string($0) }).serialized()
        var epochs: [String: Int64] = [:]
        for (id, epoch) in try database.query(.ownerEpochsOfList, [.textBytes(list)], { row throws(StoreError) in
            (try row.string(0), try row.int64(1))
        }) {
            epochs[id] = epoch
        }
        return epochs
    }

    /// The highest owner epoch of the applications stored for `partition` (nil: none).
    public func highestOwnerEpoch(partition: Int32) throws(StoreError) -> Int64? {
        try database.queryFirst("SELECT max(owner_epoch) FROM applications WHERE kafka_partition = ?1",
                                [.integer(Int64(partition))]) { row throws(StoreError) in row.optionalInt64(0) } ?? nil
    }
}

extension StoreWriter {
    /// Most rows one multi-row `INSERT` of a restore writes: a flow's matters fit in one
    /// or two, and the statements prepared (one per row count) stay few.
    static let restoreRowsPerStatement = 16

    /// Stores a restored application whole, with its de-duplication keys, owned by
    /// `partition`. `replacing`: the store holds a version of it already (then matters
    /// it no longer lists are removed, as `save` does, and its restored keys are merged
    /// with those stored); otherwise it is inserted with a handful of statements
    /// (`RestoreRows`).
    public func restore(_ state: StateRecord, partition: Int32, replacing: Bool) throws(StoreError) {
        let record = state.application
        guard !replacing else {
            try save(record)
            try database.run(.setPartition, [.text(record.id), .integer(Int64(partition))])
            try mergeRestoredEvents(state.processedEvents, of: record.id)
            return
        }
        try insertRestored(RestorableRecord(state), partition: partition)
    }

    /// Inserts a restored application the store does not hold, owned by `partition`, from
    /// its statements' values made beforehand (on the restore's reading thread, see
    /// `ChangelogRestore.prepare`).
    func insertRestored(_ record: RestorableRecord, partition: Int32) throws(StoreError) {
        let database = try database
        let rows = record.rows
        try database.run(.insertRestoredApplication, rows.application + [.integer(Int64(partition))])
        for statement in rows.matters { try database.run(.upsertMatters(count: statement.rows), statement.values) }
        // Evaluations, rectifications, cards and notices (none for most applications).
        try PromiseRows.insertNew(record.promises, of: record.applicationID, in: database)
        if let events = rows.events { try database.run(.upsertRestoredEvents, events) }
        // Not staged into the record cache: a restore writes a partition's every
        // application, most of which the hub will not touch soon, and staging them would
        // push the ones it works on out.
        cache.forget(record.applicationID)
    }

    /// Adds `events` to the application's restored keys (a newer record of an
    /// application restored before: keys are never taken away by a restore).
    private func mergeRestoredEvents(_ events: [ProcessedEvent], of applicationID: String) throws(StoreError) {
        guard !events.isEmpty else { return }
        let database = try database
        let stored = try database.queryFirst(.restoredEventsOfApplication, [.text(applicationID)]) { row throws(StoreError) in
            try RestoredEventsCodec.decode(try row.textBytes(0))
        } ?? []
        let merged = RestoredEventsCodec.merge(stored, events)
        try database.run(.upsertRestoredEvents, RestoreRows.eventValues(merged, of: applicationID))
    }
}

/// The values of the statements that insert one restored application (see
/// `StoreWriter.restore`), made from its state record away from the writing thread: the
/// document and the matters' outputs are serialized here, so the thread that holds the
/// store's lock only binds and steps.
struct RestoreRows: Sendable {
    /// `ApplicationRows.applicationValues`.
    let application: [SQLValue]
    /// Multi-row matter upserts: rows in the statement, and their values.
    let matters: [(rows: Int, values: [SQLValue])]
    /// The `restored_events` row (nil: no keys).
    let events: [SQLValue]?

    init(application: [SQLValue], matters: [(rows: Int, values: [SQLValue])], events: [SQLValue]?) {
        self.application = application
        self.matters = matters
        self.events = events
    }

    init(_ state: StateRecord) {
        let record = state.application
        application = ApplicationRows.applicationValues(record)
        var position = 0
        matters = record.matters.chunked(StoreWriter.restoreRowsPerStatement).map { slice in
            var values: [SQLValue] = []
            values.reserveCapacity(slice.count * ApplicationRows.matterColumnCount)
            for matter in slice {
                values.append(contentsOf: ApplicationRows.matterValues(matter, of: record.id, at: position))
                position += 1
            }
            return (slice.count, values)
        }
        events = state.processedEvents.isEmpty ? nil : Self.eventValues(state.processedEvents, of: record.id)
    }

    static func eventValues(_ events: [ProcessedEvent], of applicationID: String) -> [SQLValue] {
        let newest = events.map(\.at).max() ?? Date(timeIntervalSince1970: 0)
        return [.text(applicationID), .textBytes(RestoredEventsCodec.encode(events)), .date(newest)]
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
