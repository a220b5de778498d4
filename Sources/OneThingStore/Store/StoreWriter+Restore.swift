import Foundation
import OneThingExchange

/// Writing what a restore rebuilds from the state topic (see `ChangelogRestore`) in few
/// statements. An assigned partition's input waits until its applications are in the
/// store, and a partition can hold a hundred thousand of them, so a restored
/// application costs a handful of statements instead of one per matter and one per
/// de-duplication key: the statement's fixed cost (bind, step, reset, the round through
/// the virtual machine) is what dominates rows this small.
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
    /// Most rows one multi-row `INSERT` of a restore writes: a flow's matters and an
    /// application's de-duplication keys fit in one or two, and the statements prepared
    /// (one per row count) stay few.
    static let restoreRowsPerStatement = 16

    /// Stores a restored application whole, with its de-duplication keys, owned by
    /// `partition`. `replacing`: the store holds a version of it already (then matters
    /// it no longer lists are removed, as `save` does); otherwise its matters are
    /// inserted a statement for up to `restoreRowsPerStatement` of them.
    public func restore(_ state: StateRecord, partition: Int32, replacing: Bool) throws(StoreError) {
        let record = state.application
        let database = try database
        if replacing {
            try save(record)
        } else {
            try database.run(.upsertApplication, ApplicationRows.applicationValues(record))
            var position = 0
            for slice in record.matters.chunked(Self.restoreRowsPerStatement) {
                var values: [SQLValue] = []
                values.reserveCapacity(slice.count * ApplicationRows.matterColumnCount)
                for matter in slice {
                    values.append(contentsOf: ApplicationRows.matterValues(matter, of: record.id, at: position))
                    position += 1
                }
                try database.run(.upsertMatters(count: slice.count), values)
            }
            // Evaluations, rectifications, cards and notices (none for most applications).
            try PromiseRows.save(record.promises, previous: nil, of: record.id, in: database)
            cache.stage(record)
        }
        try database.run(.setPartition, [.text(record.id), .integer(Int64(partition))])
        for slice in state.processedEvents.chunked(Self.restoreRowsPerStatement) {
            var values: [SQLValue] = []
            values.reserveCapacity(slice.count * 3)
            for event in slice { values.append(contentsOf: [.text(event.key), .date(event.at), .text(record.id)]) }
            try database.run(.insertProcessedRows(count: slice.count), values)
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
