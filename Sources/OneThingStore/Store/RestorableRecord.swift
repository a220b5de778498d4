import Foundation
import OneThingExchange

/// A state record decoded for a restore into a store that does not hold its application
/// yet: where the values of the rows that insert it lie (`RestoreRows`, in the
/// `SQLRowValues` of its run), ready to bind, and what else the restore needs of it.
/// Made on the restore's reading thread (`ChangelogRestore.prepare`) by `decode`, so
/// that the writing thread only binds and steps.
struct RestorableRecord: Sendable {
    let applicationID: String
    let writer: String
    let epoch: Int64
    let publishedThrough: Int64?
    let pendingMessages: [OutboxMessage]
    let promises: PromiseRecords
    let rows: RestoreRows

    init(applicationID: String, writer: String, epoch: Int64, publishedThrough: Int64?, pendingMessages: [OutboxMessage],
         promises: PromiseRecords, rows: RestoreRows) {
        self.applicationID = applicationID
        self.writer = writer
        self.epoch = epoch
        self.publishedThrough = publishedThrough
        self.pendingMessages = pendingMessages
        self.promises = promises
        self.rows = rows
    }

    /// From a record decoded whole (`StateRecordCodec.decode`), its rows' values
    /// appended to `values`.
    init(_ state: StateRecord, into values: inout SQLRowValues) {
        self.init(applicationID: state.application.id, writer: state.writer, epoch: state.epoch,
                  publishedThrough: state.publishedThrough, pendingMessages: state.pendingMessages,
                  promises: state.application.promises, rows: RestoreRows(state, into: &values))
    }

    /// Reads a state record's bytes (`StateRecordCodec`'s format) straight into rows
    /// (`StateRecordRowsDecoder`), appending their values to `values`; a record that
    /// decoder does not take is decoded whole instead (`StateRecordCodec.decode`), whose
    /// error, if any, is thrown: what is refused, and why, is the same either way.
    /// Nothing is appended for a record refused.
    static func decode(_ bytes: [UInt8], into values: inout SQLRowValues) throws(StoreError) -> RestorableRecord {
        let mark = values.mark
        if let record = try? StateRecordRowsDecoder.decode(bytes, into: &values) { return record }
        values.rollBack(to: mark)
        return RestorableRecord(try StateRecordCodec.decode(bytes), into: &values)
    }
}
