import Foundation
import OneThingExchange

/// Read access inside one `CorrelationStore.read` (or `write`) closure. Every query of
/// one closure sees the same consistent snapshot. A reader is only valid during its
/// closure: used afterwards it throws `.outsideTransaction`, and it is not `Sendable`,
/// so it cannot be handed to another thread.
public class StoreReader {
    private let connection: Connection
    let cache: RecordCache
    /// True in a write transaction: what it reads may include its own uncommitted saves.
    let isWriting: Bool
    private var isActive = true

    init(connection: Connection, cache: RecordCache, isWriting: Bool) {
        self.connection = connection
        self.cache = cache
        self.isWriting = isWriting
    }

    func invalidate() {
        isActive = false
    }

    /// The connection, after checking the transaction is still running.
    var database: Connection {
        get throws(StoreError) {
            guard isActive else { throw StoreError.outsideTransaction }
            return connection
        }
    }

    // MARK: Applications

    /// The application with its matters (catalogue order), or nil. Served from the
    /// store's record cache when it holds the application (see `RecordCache`).
    public func application(id: String) throws(StoreError) -> ApplicationRecord? {
        let database = try database
        if let cached = cache.lookup(id) { return cached }
        guard let record = try ApplicationRows.load(id: id, in: database) else { return nil }
        if isWriting { cache.stage(record) } else { cache.remember(record) }
        return record
    }

    /// Ids of applications whose `nextTimerAt` is at or before `now`, earliest first.
    /// Served by the partial index on armed timers: cost grows with what is due, not
    /// with the size of the store.
    public func applicationsWithTimersDue(now: Date, limit: Int) throws(StoreError) -> [String] {
        try database.query("""
            SELECT id FROM applications WHERE next_timer_at IS NOT NULL AND next_timer_at <= ?1
            ORDER BY next_timer_at LIMIT ?2
            """, [.date(now), .int(limit)]) { row throws(StoreError) in try row.string(0) }
    }

    /// `applicationsWithTimersDue(now:limit:)` restricted to applications owned by one of
    /// `partitions` (or by no partition: rows stored before partitions were tracked).
    public func applicationsWithTimersDue(now: Date, limit: Int, partitions: Set<Int32>) throws(StoreError) -> [String] {
        try database.query("""
            SELECT id FROM applications WHERE next_timer_at IS NOT NULL AND next_timer_at <= ?1
            AND \(PartitionFilter.sql(column: "kafka_partition", partitions))
            ORDER BY next_timer_at LIMIT ?2
            """, [.date(now), .int(limit)]) { row throws(StoreError) in try row.string(0) }
    }

    /// Where the application is kept: `.absent`, or `.stored(partition)` with the
    /// partition that owns it (nil for a row stored before partitions were tracked).
    public func applicationPartition(id: String) throws(StoreError) -> StoredPartition {
        let found: StoredPartition? = try database.queryFirst(
            "SELECT kafka_partition FROM applications WHERE id = ?1", [.text(id)]
        ) { row throws(StoreError) in
            .stored(row.isNull(0) ? nil : Int32(clamping: try row.int64(0)))
        }
        return found ?? .absent
    }

    /// The earliest armed timer of any application (how long the hub may sleep), or nil.
    public func earliestTimer() throws(StoreError) -> Date? {
        try database.queryFirst("""
            SELECT next_timer_at FROM applications WHERE next_timer_at IS NOT NULL
            ORDER BY next_timer_at LIMIT 1
            """, []) { row throws(StoreError) in try row.date(0) }
    }

    // MARK: Events

    /// True when an event with this `ce_id` was already processed (intake or reply).
    /// Restored keys are searched through every application's list: for tests and
    /// tools; the hub asks `StoreWriter.markProcessed` with the application.
    public func hasProcessed(eventID: String) throws(StoreError) -> Bool {
        try database.queryFirst("""
            SELECT EXISTS (SELECT 1 FROM processed_events WHERE event_id = ?1)
                OR EXISTS (SELECT 1 FROM restored_events, json_each(restored_events.events) AS item
                           WHERE json_extract(item.value, '$[0]') = ?1)
            """, [.text(eventID)]) { row throws(StoreError) in try row.int64(0) != 0 } ?? false
    }

    /// The application's history, oldest first.
    public func history(applicationID: String) throws(StoreError) -> [HistoryEntry] {
        try database.query("""
            SELECT application_id, at, kind, matter, event_id, detail FROM history
            WHERE application_id = ?1 ORDER BY id
            """, [.text(applicationID)]) { row throws(StoreError) in
            HistoryEntry(applicationID: try row.string(0), at: try row.date(1), kind: try row.string(2),
                         matter: row.optionalString(3), eventID: row.optionalString(4), detail: try row.string(5))
        }
    }

    // MARK: Outbox

    /// Messages not yet published, in id order (the order to publish them in).
    public func unsentOutbox(limit: Int) throws(StoreError) -> [OutboxMessage] {
        try database.query("""
            SELECT \(OutboxRows.columns) FROM outbox ORDER BY id LIMIT ?1
            """, [.int(limit)], OutboxRows.decode)
    }

    /// How many messages wait to be published.
    /// When the oldest unpublished message was written to the outbox (nil: it is empty):
    /// how long the oldest effect has been waiting for Kafka, for the health check.
    public func oldestOutboxTime() throws(StoreError) -> Date? {
        try database.queryFirst("SELECT created_at FROM outbox ORDER BY id LIMIT 1", []) { row throws(StoreError) in
            try row.date(0)
        }
    }

    public func outboxDepth() throws(StoreError) -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM outbox"))
    }

    // MARK: Orders

    /// Orders not yet carried out, oldest first.
    public func pendingOrders(limit: Int = 100) throws(StoreError) -> [AdminOrder] {
        try database.query("""
            SELECT \(OrderRows.columns) FROM orders WHERE done_at IS NULL ORDER BY id LIMIT ?1
            """, [.int(limit)], OrderRows.decode)
    }

    /// `pendingOrders(limit:)` for applications owned by one of `partitions`, by no
    /// partition (stored before partitions were tracked), or not stored here at all (the
    /// engine answers those "not found").
    public func pendingOrders(limit: Int = 100, partitions: Set<Int32>) throws(StoreError) -> [AdminOrder] {
        try database.query("""
            SELECT \(OrderRows.columns) FROM orders WHERE done_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = orders.application_id
                            AND NOT \(PartitionFilter.sql(column: "a.kafka_partition", partitions)))
            ORDER BY id LIMIT ?1
            """, [.int(limit)], OrderRows.decode)
    }

    /// Every order given for the application, oldest first.
    public func orders(applicationID: String) throws(StoreError) -> [AdminOrder] {
        try database.query("""
            SELECT \(OrderRows.columns) FROM orders WHERE application_id = ?1 ORDER BY id
            """, [.text(applicationID)], OrderRows.decode)
    }

    // MARK: Dead letters

    /// Dead letters, newest first.
    public func deadLetters(limit: Int) throws(StoreError) -> [DeadLetterRecord] {
        try database.query("""
            SELECT id, at, code, reason, topic, partition, "offset", key, value, headers,
                   value_sha256, value_bytes, value_dropped_at
            FROM deadletters ORDER BY id DESC LIMIT ?1
            """, [.int(limit)]) { row throws(StoreError) in
            var record = DeadLetterRecord(id: try row.int64(0), at: try row.date(1), code: try row.string(2),
                                          reason: try row.string(3), topic: try row.string(4),
                                          partition: Int32(truncatingIfNeeded: try row.int64(5)), offset: try row.int64(6),
                                          key: row.optionalBlob(7), value: row.optionalBlob(8),
                                          headers: try HeaderCodec.decode(try row.blob(9)))
            if let dropped = row.optionalDate(12) {
                record.droppedPayload = DeadLetterRecord.DroppedPayload(
                    sha256: row.optionalString(10) ?? "", bytes: Int(row.optionalInt64(11) ?? 0), droppedAt: dropped)
            }
            return record
        }
    }

    public func deadLetterCount() throws(StoreError) -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM deadletters"))
    }
}

@available(*, unavailable, message: "a store reader belongs to the thread running its transaction")
extension StoreReader: Sendable {}

/// Outbox rows as read back: `id, topic, key, value, headers, partition, tombstone`.
enum OutboxRows {
    static let columns = "id, topic, key, value, headers, partition, tombstone"

    static func decode(_ row: Row) throws(StoreError) -> OutboxMessage {
        OutboxMessage(id: try row.int64(0), topic: try row.string(1), key: row.optionalBlob(2),
                      value: try row.blob(3), headers: try HeaderCodec.decode(try row.blob(4)),
                      partition: row.optionalInt64(5).map { Int32(truncatingIfNeeded: $0) },
                      isTombstone: (row.optionalInt64(6) ?? 0) != 0)
    }
}

/// Orders in their table: `kind` is "resend" (with `matter`) or "withdraw" (with `reason`).
enum OrderRows {
    static let columns = "id, application_id, kind, matter, reason, requested_by, requested_at, done_at, result"

    static func decode(_ row: Row) throws(StoreError) -> AdminOrder {
        let kind: AdminOrder.Kind
        switch try row.string(2) {
        case "resend":
            guard let matter = row.optionalString(3) else { throw StoreError.invalidData("a resend order has no matter") }
            kind = .resend(matter: matter)
        case "withdraw":
            kind = .withdraw(reason: row.optionalString(4) ?? "")
        case let other:
            throw StoreError.invalidData("column orders.kind holds unknown value \"\(other)\"")
        }
        return AdminOrder(id: try row.int64(0), applicationID: try row.string(1), kind: kind,
                          requestedBy: try row.string(5), requestedAt: try row.date(6),
                          doneAt: row.optionalDate(7), result: row.optionalString(8))
    }

    static func values(_ kind: AdminOrder.Kind) -> (kind: String, matter: SQLValue, reason: SQLValue) {
        switch kind {
        case .resend(let matter): return ("resend", .text(matter), .null)
        case .withdraw(let reason): return ("withdraw", .null, .text(reason))
        }
    }
}
