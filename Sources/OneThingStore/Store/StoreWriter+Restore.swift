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
    /// Most rows one multi-row `INSERT` of a restore writes: a statement's fixed cost
    /// (running the program up to its first row, closing its cursors, resetting) is paid
    /// once for them, and the statements prepared (one per row count) stay few.
    static let restoreRowsPerStatement = 32

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
        try insertRestored([RestorableRecord(state)], partition: partition)
    }

    /// Inserts restored applications the store does not hold, owned by `partition`, from
    /// their statements' values made beforehand (on the restore's reading thread, see
    /// `ChangelogRestore.prepare`): the rows of every table for all of them together, in
    /// multi-row statements (`restoreRowsPerStatement`), the applications first (the
    /// other rows reference them).
    func insertRestored(_ records: [RestorableRecord], partition: Int32) throws(StoreError) {
        guard !records.isEmpty else { return }
        let database = try database
        let owner = SQLValue.integer(Int64(partition))
        var applications: [SQLValue] = []
        applications.reserveCapacity(records.count * (ApplicationRows.applicationColumnCount + 1))
        var matters: [SQLValue] = [], notices: [SQLValue] = [], events: [SQLValue] = []
        var matterRows = 0, noticeRows = 0, eventRows = 0
        for record in records {
            applications.append(contentsOf: record.rows.application)
            applications.append(owner)
            matters.append(contentsOf: record.rows.matters)
            matterRows += record.rows.matterCount
            notices.append(contentsOf: record.rows.notices)
            noticeRows += record.promises.notices.count
            if let row = record.rows.events {
                events.append(contentsOf: row)
                eventRows += 1
            }
        }
        try runInRows(applications, rows: records.count, columns: ApplicationRows.applicationColumnCount + 1) { count in
            .insertRestoredApplications(count: count)
        }
        try runInRows(matters, rows: matterRows, columns: ApplicationRows.matterColumnCount) { .upsertMatters(count: $0) }
        try runInRows(notices, rows: noticeRows, columns: RestoreRows.noticeColumnCount) { .insertNotices(count: $0) }
        try runInRows(events, rows: eventRows, columns: RestoreRows.eventColumnCount) { .upsertRestoredEvents(count: $0) }
        for record in records {
            let promises = record.promises
            // Evaluations, rectifications and cards (none for nearly every application).
            if !promises.evaluations.isEmpty || !promises.rectifications.isEmpty || !promises.cards.isEmpty {
                try PromiseRows.insertNew(PromiseRecords(evaluations: promises.evaluations, rectifications: promises.rectifications,
                                                         cards: promises.cards, notices: []),
                                          of: record.applicationID, in: database)
            }
            // Not staged into the record cache: a restore writes a partition's every
            // application, most of which the hub will not touch soon, and staging them
            // would push the ones it works on out.
            cache.forget(record.applicationID)
        }
    }

    /// Runs `statement(n)` over `values` (`rows` rows of `columns` values), at most
    /// `restoreRowsPerStatement` rows at a time.
    private func runInRows(_ values: [SQLValue], rows: Int, columns: Int,
                           _ statement: (Int) -> HotStatement) throws(StoreError) {
        guard rows > 0 else { return }
        let database = try database
        let most = Self.restoreRowsPerStatement
        if rows <= most { return try database.run(statement(rows), values) }
        var first = 0
        while first < rows {
            let count = min(most, rows - first)
            try database.run(statement(count), Array(values[first * columns..<(first + count) * columns]))
            first += count
        }
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
        try database.run(.upsertRestoredEvents(count: 1), RestoreRows.eventValues(merged, of: applicationID))
    }
}

/// The values of the rows that insert one restored application (see
/// `StoreWriter.insertRestored`), made from its state record away from the writing
/// thread, so the thread that holds the store's lock only binds and steps.
struct RestoreRows: Sendable {
    /// `ApplicationRows.applicationValues`.
    let application: [SQLValue]
    /// The matters' rows, `ApplicationRows.matterColumnCount` values each, in order.
    let matters: [SQLValue]
    let matterCount: Int
    /// The notices' rows, `noticeColumnCount` values each (`PromiseRows`).
    let notices: [SQLValue]
    /// The `restored_events` row (nil: no keys).
    let events: [SQLValue]?

    static let noticeColumnCount = 5
    static let eventColumnCount = 3

    init(application: [SQLValue], matters: [SQLValue], matterCount: Int, notices: [NoticeRecord], of applicationID: String,
         events: [SQLValue]?) {
        self.application = application
        self.matters = matters
        self.matterCount = matterCount
        self.notices = notices.flatMap { PromiseRows.noticeValues($0, of: .text(applicationID)) }
        self.events = events
    }

    init(_ state: StateRecord) {
        let record = state.application
        var matters: [SQLValue] = []
        matters.reserveCapacity(record.matters.count * ApplicationRows.matterColumnCount)
        for (position, matter) in record.matters.enumerated() {
            matters.append(contentsOf: ApplicationRows.matterValues(matter, of: record.id, at: position))
        }
        self.init(application: ApplicationRows.applicationValues(record), matters: matters, matterCount: record.matters.count,
                  notices: record.promises.notices, of: record.id,
                  events: state.processedEvents.isEmpty ? nil : Self.eventValues(state.processedEvents, of: record.id))
    }

    static func eventValues(_ events: [ProcessedEvent], of applicationID: String) -> [SQLValue] {
        let newest = events.map(\.at).max() ?? Date(timeIntervalSince1970: 0)
        return [.text(applicationID), .textBytes(RestoredEventsCodec.encode(events)), .date(newest)]
    }
}
