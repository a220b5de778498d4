import CSQLite

/// Everything that can go wrong in the store, typed so callers can react (hubctl maps
/// every case to exit code 3, hubd retries `.busy` and stops on the others). Cases that
/// come from SQLite carry `sqlite3_errmsg`, the library's own explanation.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be opened (missing in read-only mode, no permission, a directory).
    case cannotOpen(path: String, message: String)
    /// Another connection held the lock longer than the busy timeout.
    case busy(message: String)
    /// The file was written by a newer hub: this code does not know its schema.
    case newerSchema(found: Int, supported: Int)
    /// A read-only opener found an older schema that only a writer may migrate.
    case olderSchema(found: Int, supported: Int)
    /// The file is not a database, or its pages are damaged.
    case corrupt(String)
    /// A write through a read-only connection, or to a read-only file.
    case readOnly(message: String)
    /// A uniqueness, foreign-key or NOT NULL rule was broken.
    case constraint(message: String)
    /// The disk (or the size limit) is full.
    case full(message: String)
    /// Something the caller named does not exist (e.g. an order for an unknown application).
    case notFound(String)
    /// A stored value could not be turned back into a record (unknown state, bad JSON).
    case invalidData(String)
    /// `write`/`read` was called from inside another `write`/`read` of the same store.
    case nestedTransaction
    /// A reader or writer was used after its `read`/`write` closure returned.
    case outsideTransaction
    /// Any other SQLite result code (`code` is the extended result code).
    case sqlite(code: Int32, message: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let message): return "cannot open store \(path): \(message)"
        case .busy(let message): return "store is busy (locked by another process longer than the busy timeout): \(message)"
        case .newerSchema(let found, let supported):
            return "store schema version \(found) is newer than this program supports (\(supported)); upgrade the program"
        case .olderSchema(let found, let supported):
            return "store schema version \(found) is older than \(supported); open it once with hubd (read-write) to migrate"
        case .corrupt(let message): return "store is corrupt or not a database: \(message)"
        case .readOnly(let message): return "store is read-only: \(message)"
        case .constraint(let message): return "store constraint violated: \(message)"
        case .full(let message): return "store is full: \(message)"
        case .notFound(let what): return "not found: \(what)"
        case .invalidData(let message): return "store holds data this program cannot read: \(message)"
        case .nestedTransaction: return "a store transaction was opened inside another one"
        case .outsideTransaction: return "a store reader or writer was used after its transaction ended"
        case .sqlite(let code, let message): return "SQLite error \(code): \(message)"
        }
    }

    /// Maps a failing result code to its typed case. `code` may be an extended code;
    /// the primary code (low byte) decides the case.
    static func from(code: Int32, message: String, path: String = "") -> StoreError {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(message: message)
        case SQLITE_CANTOPEN: return .cannotOpen(path: path, message: message)
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt(message)
        case SQLITE_READONLY: return .readOnly(message: message)
        case SQLITE_CONSTRAINT: return .constraint(message: message)
        case SQLITE_FULL: return .full(message: message)
        default: return .sqlite(code: code, message: message)
        }
    }
}
