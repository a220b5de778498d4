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
        var values = SQLRowValues()
        let restorable = RestorableRecord(state, into: &values)
        try insertRestored([restorable], from: values, partition: partition)
    }

    /// Inserts restored applications the store does not hold, owned by `partition`, from
    /// their rows' values made beforehand (on the restore's reading thread, see
    /// `ChangelogRestore.prepare`) and kept flat in `values`: the rows of every table for
    /// all of them together, in multi-row statements (`restoreRowsPerStatement`), the
    /// applications first (the other rows reference them).
    func insertRestored(_ records: [RestorableRecord], from values: SQLRowValues, partition: Int32) throws(StoreError) {
        guard !records.isEmpty else { return }
        let database = try database
        var applications: [Range<Int>] = [], matters: [Range<Int>] = [], notices: [Range<Int>] = [], events: [Range<Int>] = []
        applications.reserveCapacity(records.count)
        events.reserveCapacity(records.count)
        for record in records {
            applications.append(record.rows.application)
            matters.append(contentsOf: RestoreRows.rows(of: record.rows.matters, columns: ApplicationRows.matterColumnCount))
            notices.append(contentsOf: RestoreRows.rows(of: record.rows.notices, columns: RestoreRows.noticeColumnCount))
            if let row = record.rows.events { events.append(row) }
        }
        try runInRows(applications, of: values, trailing: Int64(partition)) { .insertRestoredApplications(count: $0) }
        try runInRows(matters, of: values) { .insertRestoredMatters(count: $0) }
        try runInRows(notices, of: values) { .insertNotices(count: $0) }
        try runInRows(events, of: values) { .insertRestoredEvents(count: $0) }
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

    /// Runs `statement(n)` over `rows` (each the range of one row's values in `values`,
    /// `trailing` bound after each), at most `restoreRowsPerStatement` rows at a time.
    private func runInRows(_ rows: [Range<Int>], of values: SQLRowValues, trailing: Int64? = nil,
                           _ statement: (Int) -> HotStatement) throws(StoreError) {
        guard !rows.isEmpty else { return }
        let database = try database
        let most = Self.restoreRowsPerStatement
        if rows.count <= most { return try database.run(statement(rows.count), rows: values, ranges: rows, trailing: trailing) }
        var first = 0
        while first < rows.count {
            let count = min(most, rows.count - first)
            try database.run(statement(count), rows: values, ranges: Array(rows[first..<first + count]), trailing: trailing)
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
        try database.run(.upsertRestoredEvents, RestoreRows.eventValues(merged, of: applicationID))
    }
}

/// Where the values of the rows that insert one restored application lie in the
/// `SQLRowValues` of its run of records (see `StoreWriter.insertRestored`): made from its
/// state record away from the writing thread, so the thread that holds the store's lock
/// only binds and steps.
struct RestoreRows: Sendable, Equatable {
    /// `ApplicationRows.applicationValues` (the owner partition is bound after them).
    let application: Range<Int>
    /// The matters' rows, `ApplicationRows.matterColumnCount` values each, in order.
    let matters: Range<Int>
    /// The notices' rows, `noticeColumnCount` values each (`PromiseRows`).
    let notices: Range<Int>
    /// The `restored_events` row (nil: no keys).
    let events: Range<Int>?

    static let noticeColumnCount = 5

    var matterCount: Int { matters.count / ApplicationRows.matterColumnCount }

    init(application: Range<Int>, matters: Range<Int>, notices: Range<Int>, events: Range<Int>?) {
        self.application = application
        self.matters = matters
        self.notices = notices
        self.events = events
    }

    /// Appends the rows of a record decoded whole to `values`.
    init(_ state: StateRecord, into values: inout SQLRowValues) {
        let record = state.application
        let applicationStart = values.count
        values.append(contentsOf: ApplicationRows.applicationValues(record))
        let mattersStart = values.count
        for (position, matter) in record.matters.enumerated() {
            values.append(contentsOf: ApplicationRows.matterValues(matter, of: record.id, at: position))
        }
        let noticesStart = values.count
        values.append(contentsOf: Self.noticeValues(record.promises.notices, of: record.id))
        let eventsStart = values.count
        if !state.processedEvents.isEmpty { values.append(contentsOf: Self.eventValues(state.processedEvents, of: record.id)) }
        self.init(application: applicationStart..<mattersStart, matters: mattersStart..<noticesStart,
                  notices: noticesStart..<eventsStart, events: state.processedEvents.isEmpty ? nil : eventsStart..<values.count)
    }

    static func noticeValues(_ notices: [NoticeRecord], of applicationID: String) -> [SQLValue] {
        notices.flatMap { PromiseRows.noticeValues($0, of: .text(applicationID)) }
    }

    static func eventValues(_ events: [ProcessedEvent], of applicationID: String) -> [SQLValue] {
        let newest = events.map(\.at).max() ?? Date(timeIntervalSince1970: 0)
        return [.text(applicationID), .textBytes(RestoredEventsCodec.encode(events)), .date(newest)]
    }

    /// `range` cut into rows of `columns` values.
    static func rows(of range: Range<Int>, columns: Int) -> [Range<Int>] {
        stride(from: range.lowerBound, to: range.upperBound, by: columns).map { $0..<min($0 + columns, range.upperBound) }
    }
}
