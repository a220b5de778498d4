import CSQLite

/// A prepared statement that owns its `sqlite3_stmt*` and finalizes it exactly once, in
/// `deinit`. Statements are only used under the store's lock, by one thread at a time.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    /// The connection's handle, for error messages. The connection outlives its
    /// statements: it is closed with `sqlite3_close_v2`, which waits for them.
    private let database: OpaquePointer

    init(database: OpaquePointer, sql: String) throws(StoreError) {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw StoreError.from(code: sqlite3_extended_errcode(database),
                                  message: "\(String(cString: sqlite3_errmsg(database))) (in: \(sql))")
        }
        self.handle = statement
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Ends any previous run and binds `values` to parameters 1...n. The previous
    /// values need no clearing: there must be a value for every parameter, so each one
    /// is bound again (clearing costs as much as binding for statements of many rows).
    func bind(_ values: [SQLValue]) throws(StoreError) {
        sqlite3_reset(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == values.count else {
            throw StoreError.sqlite(code: SQLITE_RANGE,
                                    message: "statement expects \(expected) values, got \(values.count) (in: \(sql))")
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case .integer(let number):
                code = sqlite3_bind_int64(handle, index, number)
            case .real(let number):
                code = sqlite3_bind_double(handle, index, number)
            case .text(var string):
                // Native Swift strings are contiguous UTF-8 already: bind without a copy.
                code = string.withUTF8 { buffer in bindText(UnsafeRawBufferPointer(buffer), at: index) }
            case .textBytes(let bytes):
                code = bytes.withUnsafeBytes { buffer in bindText(buffer, at: index) }
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    // An empty array has no base address; zeroblob(0) is an empty BLOB, not NULL.
                    guard let base = buffer.baseAddress, !buffer.isEmpty else {
                        return sqlite3_bind_zeroblob(handle, index, 0)
                    }
                    return sqlite3_bind_blob(handle, index, base, Int32(buffer.count), onething_sqlite_transient())
                }
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    /// Runs the statement to completion over the values of `ranges` of `rows`, in order,
    /// with `trailing` (when set) bound after each range's values: row by row, for a
    /// multi-row statement whose rows lack one value the caller adds (the owner partition
    /// of restored applications).
    ///
    /// Texts and blobs are bound as pointers into `rows.bytes` without a copy
    /// (`SQLITE_STATIC`), so the buffer is pinned for the whole run and every binding is
    /// cleared before it is let go: SQLite must never hold a pointer the buffer no longer
    /// vouches for.
    func run(_ rows: SQLRowValues, ranges: [Range<Int>], trailing: Int64?) throws(StoreError) {
        sqlite3_reset(handle)
        let perRange = trailing == nil ? 0 : 1
        let given = ranges.reduce(0) { $0 + $1.count + perRange }
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == given else {
            throw StoreError.sqlite(code: SQLITE_RANGE, message: "statement expects \(expected) values, got \(given) (in: \(sql))")
        }
        // The failure is read before the reset (the error message belongs to the step).
        let failed = rows.bytes.withUnsafeBytes { buffer -> StoreError? in
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            var index: Int32 = 1
            for range in ranges {
                for value in rows.values[range] {
                    let code: Int32 = switch value {
                    case .null: sqlite3_bind_null(handle, index)
                    case .integer(let number): sqlite3_bind_int64(handle, index, number)
                    case .real(let number): sqlite3_bind_double(handle, index, number)
                    case .text(let start, let count): bindStaticText(buffer, start: start, count: count, at: index)
                    case .blob(let start, let count): bindStaticBlob(buffer, start: start, count: count, at: index)
                    }
                    guard code == SQLITE_OK else { return failure(code) }
                    index += 1
                }
                if let trailing {
                    let code = sqlite3_bind_int64(handle, index, trailing)
                    guard code == SQLITE_OK else { return failure(code) }
                    index += 1
                }
            }
            var code = sqlite3_step(handle)
            while code == SQLITE_ROW { code = sqlite3_step(handle) }
            return code == SQLITE_DONE ? nil : failure(code)
        }
        if let failed { throw failed }
    }

    /// A text of `buffer` without a copy (see `run(_:ranges:trailing:)`); an empty one as
    /// an empty text, not NULL (a nil pointer would bind NULL).
    private func bindStaticText(_ buffer: UnsafeRawBufferPointer, start: Int, count: Int, at index: Int32) -> Int32 {
        guard count > 0, let base = buffer.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, onething_sqlite_transient()) }
        return sqlite3_bind_text(handle, index, (base + start).assumingMemoryBound(to: CChar.self), Int32(count),
                                 onething_sqlite_static())
    }

    /// A blob of `buffer` without a copy; an empty one as an empty blob, not NULL.
    private func bindStaticBlob(_ buffer: UnsafeRawBufferPointer, start: Int, count: Int, at index: Int32) -> Int32 {
        guard count > 0, let base = buffer.baseAddress else { return sqlite3_bind_zeroblob(handle, index, 0) }
        return sqlite3_bind_blob(handle, index, base + start, Int32(count), onething_sqlite_static())
    }

    private func bindText(_ buffer: UnsafeRawBufferPointer, at index: Int32) -> Int32 {
        // A nil pointer would bind NULL; bind an empty text explicitly instead.
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            return sqlite3_bind_text(handle, index, "", 0, onething_sqlite_transient())
        }
        return sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
                                 onething_sqlite_transient())
    }

    /// Advances one step: true when a row is available, false when done.
    func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = failure(code)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Ends the current run so the statement holds no read lock between uses.
    func reset() {
        sqlite3_reset(handle)
    }

    private func failure(_ code: Int32) -> StoreError {
        let extended = sqlite3_extended_errcode(database)
        let message = String(cString: sqlite3_errmsg(database))
        return StoreError.from(code: extended != 0 ? extended : code, message: message)
    }
}
