import CSQLite
import Foundation

/// The current row of a stepping statement. Only valid inside the row closure that
/// received it; columns are read by position, in the order the SELECT lists them.
struct Row {
    let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) throws(StoreError) -> Int64 {
        guard !isNull(column) else { throw unexpectedNull(column) }
        return sqlite3_column_int64(handle, column)
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(handle, column)
    }

    func int(_ column: Int32) throws(StoreError) -> Int {
        Int(try int64(column))
    }

    func double(_ column: Int32) throws(StoreError) -> Double {
        guard !isNull(column) else { throw unexpectedNull(column) }
        return sqlite3_column_double(handle, column)
    }

    func bool(_ column: Int32) throws(StoreError) -> Bool {
        try int64(column) != 0
    }

    func date(_ column: Int32) throws(StoreError) -> Date {
        Date(unixMilliseconds: try int64(column))
    }

    func optionalDate(_ column: Int32) -> Date? {
        optionalInt64(column).map(Date.init(unixMilliseconds:))
    }

    func string(_ column: Int32) throws(StoreError) -> String {
        guard !isNull(column) else { throw unexpectedNull(column) }
        return String(decoding: textBytesUnchecked(column), as: UTF8.self)
    }

    func optionalString(_ column: Int32) -> String? {
        isNull(column) ? nil : String(decoding: textBytesUnchecked(column), as: UTF8.self)
    }

    /// The UTF-8 bytes of a TEXT column (for JSON parsing without a String detour).
    func textBytes(_ column: Int32) throws(StoreError) -> [UInt8] {
        guard !isNull(column) else { throw unexpectedNull(column) }
        return textBytesUnchecked(column)
    }

    func blob(_ column: Int32) throws(StoreError) -> [UInt8] {
        guard !isNull(column) else { throw unexpectedNull(column) }
        return blobUnchecked(column)
    }

    func optionalBlob(_ column: Int32) -> [UInt8]? {
        isNull(column) ? nil : blobUnchecked(column)
    }

    private func textBytesUnchecked(_ column: Int32) -> [UInt8] {
        // Ask for the pointer first, then the length (SQLite's documented order).
        guard let pointer = sqlite3_column_text(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    private func blobUnchecked(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private func unexpectedNull(_ column: Int32) -> StoreError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "#\(column)"
        return .invalidData("column \(name) is NULL where a value is required")
    }
}
