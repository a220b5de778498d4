import Foundation
import OneThingStore

/// Direct edits of a closed store file, for conditions the store API rightly cannot
/// produce.
enum StoreFile {
    /// Sets `PRAGMA user_version` to `version` by writing the database header (bytes
    /// 60-63, big-endian), as a newer hub's migration would have left it. The WAL is
    /// checkpointed into the file first, so the header page on disk is the current one.
    static func setUserVersion(_ version: UInt32, at path: String) throws {
        try CorrelationStore(path: path).checkpoint()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: 60)
        try handle.write(contentsOf: withUnsafeBytes(of: version.bigEndian) { Data($0) })
    }
}
