/// A table whose rows `ApplicationRows` updates column by column: its key and the columns
/// an update may set, in the order of the bits of `HotStatement.update`'s mask.
enum UpdatedTable: Hashable {
    case applications
    case matters

    var name: String {
        switch self {
        case .applications: "applications"
        case .matters: "matters"
        }
    }

    /// The primary key's columns: the statement's first parameters, `?1...`.
    var keyColumns: [String] {
        switch self {
        case .applications: ["id"]
        case .matters: ["application_id", "code"]
        }
    }

    /// The columns an update may set; bit `i` of a mask stands for `columns[i]`.
    var columns: [String] {
        switch self {
        case .applications:
            ["state", "accepted_at", "deadline", "outcome", "last_event", "last_event_matter", "updated_at",
             "next_timer_at", "supplement_since", "overdue_notified", "owner_epoch"]
        case .matters:
            ["position", "department", "state", "is_final", "revision", "request_id", "sent_at", "last_sent_at",
             "received_at", "final_at", "deadline", "supplement_since", "paused_seconds", "resends", "stalled",
             "due_soon_notified", "overdue_notified", "outputs", "reason", "request_digests"]
        }
    }

    /// `UPDATE <name> SET <the columns in mask> WHERE <key>`: the key's columns are
    /// `?1...`, the set columns follow in order. With no column set, the row is still
    /// touched (a key column set to itself), so `changes` says whether it exists.
    func updateSQL(columns mask: UInt32) -> String {
        let key = keyColumns
        let set = columns.enumerated().filter { mask & (1 << UInt32($0.offset)) != 0 }.map(\.element)
        var sql = "UPDATE " + name + " SET "
        for (index, column) in set.enumerated() {
            sql += (index == 0 ? "" : ", ") + column + " = ?" + String(key.count + index + 1)
        }
        if set.isEmpty { sql += key[0] + " = " + key[0] }
        sql += " WHERE "
        for (index, column) in key.enumerated() {
            sql += (index == 0 ? "" : " AND ") + column + " = ?" + String(index + 1)
        }
        return sql
    }
}
