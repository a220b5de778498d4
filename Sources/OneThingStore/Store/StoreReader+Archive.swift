import Foundation
import OneThingExchange

/// The reads behind archiving (see `ArchivedApplication`).
extension StoreReader {
    /// The states in which an application never changes again (the engine's final states).
    static let finalStates: [ApplicationState] = [.completed, .partiallyCompleted, .rejected, .withdrawn, .invalid]

    /// Ids of final applications last changed before `before`, oldest change first, that
    /// can be archived now: nothing of theirs waits in the outbox, no order for them is
    /// pending, no rectification or supervision card of theirs is open (a department
    /// still owes an answer, and its deadline is a timer of the application), and (with
    /// `partitions`) they belong to one of these partitions or to none (stored before
    /// partitions were tracked).
    public func archivableApplications(changedBefore before: Date, limit: Int,
                                       partitions: Set<Int32>? = nil) throws(StoreError) -> [(id: String, updatedAt: Date)] {
        let states = Self.finalStates.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let owned = partitions.map { "AND " + PartitionFilter.sql(column: "a.kafka_partition", $0) } ?? ""
        return try database.query("""
            SELECT a.id, a.updated_at FROM applications a
            WHERE a.updated_at < ?1 AND a.state IN (\(states)) \(owned)
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.application_id = a.id)
            AND NOT EXISTS (SELECT 1 FROM orders r WHERE r.application_id = a.id AND r.done_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM rectifications t WHERE t.application_id = a.id AND t.closed_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.application_id = a.id AND c.closed_at IS NULL)
            ORDER BY a.updated_at, a.id LIMIT ?2
            """, [.date(before), .int(limit)]) { row throws(StoreError) in
            (try row.string(0), try row.date(1))
        }
    }

    /// The application with everything kept about it, as an archive line holds it (its
    /// promises ride in the application record); nil when it is not stored.
    public func archivedForm(applicationID id: String, archivedAt: Date, writer: String) throws(StoreError) -> ArchivedApplication? {
        guard let record = try ApplicationRows.load(id: id, in: try database) else { return nil }
        return ArchivedApplication(application: record, history: try history(applicationID: id),
                                   orders: try orders(applicationID: id),
                                   processedEvents: try processedEvents(applicationID: id),
                                   archivedAt: archivedAt, writer: writer)
    }

    /// The batch being archived, if a crash interrupted one (at most one exists).
    public func pendingArchiveBatch() throws(StoreError) -> ArchiveBatch? {
        try database.queryFirst("""
            SELECT id, file, start_offset, application_ids FROM archive_batches ORDER BY id LIMIT 1
            """, []) { row throws(StoreError) in
            let ids = try Self.applicationIDs(try row.string(3))
            return ArchiveBatch(id: try row.int64(0), file: try row.string(1), startOffset: try row.int64(2),
                                applicationIDs: ids)
        }
    }
}

extension StoreReader {
    /// `archive_batches.application_ids`: a JSON array of strings.
    static func applicationIDs(_ text: String) throws(StoreError) -> [String] {
        let value = try JSONColumns.parse(Array(text.utf8), column: "archive_batches.application_ids")
        guard let items = value.arrayValue else {
            throw StoreError.invalidData("column archive_batches.application_ids is not a JSON array")
        }
        return try items.map { item throws(StoreError) in
            guard let id = item.stringValue else {
                throw StoreError.invalidData("column archive_batches.application_ids holds a non-string")
            }
            return id
        }
    }
}
