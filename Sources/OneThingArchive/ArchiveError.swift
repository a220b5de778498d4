/// What can go wrong with archive files; every case names the file.
public enum ArchiveError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A system call on a file failed (`errno` text).
    case io(path: String, operation: String, message: String)
    /// zlib refused (compressing, or a corrupt gzip stream while reading).
    case compression(path: String, message: String)
    /// The directory belongs to another store (see `ArchiveDirectory.claim`).
    case foreignDirectory(path: String, owner: String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let message): return "\(operation) \(path): \(message)"
        case .compression(let path, let message): return "gzip \(path): \(message)"
        case .foreignDirectory(let path, let owner):
            return "the archive directory \(path) belongs to another store (\(owner)); give each store its own"
        }
    }
}
