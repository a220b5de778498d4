import Foundation
import Glibc

/// The directory of one store's archive: one gzip file of JSON lines per month
/// (`2025-11.jsonl.gz`: the applications whose last change was in November 2025, China
/// Standard Time), appended a batch (one gzip member) at a time, and an `OWNER` file
/// naming the store that writes it. Files are created 0600: they hold applications'
/// personal data, as the store does.
///
/// Crash safety is the caller's protocol (see `ApplicationArchiver` in OneThingHub):
/// it records the file's size in the store before appending, and cuts the file back to
/// it after a crash; here, an append is durable when it returns (the file, and the
/// directory when the file is new, are fsynced).
public struct ArchiveDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The default place of a store's archive: beside the store file, named after it
    /// (`/var/lib/onething/hub.sqlite` -> `/var/lib/onething/hub-archive`).
    public static func defaultPath(forStore storePath: String) -> String {
        let url = URL(fileURLWithPath: storePath)
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(base + "-archive").path
    }

    /// The file of one month: `yyyy-MM.jsonl.gz`.
    public static func fileName(year: Int, month: Int) -> String {
        String(format: "%04d-%02d.jsonl.gz", year, month)
    }

    /// The archive files present, oldest month first.
    public func files() throws(ArchiveError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ArchiveError.io(path: path, operation: "list", message: "\(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".jsonl.gz") }.sorted()
    }

    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Makes the directory this store's (creating it) or checks that it is: a directory
    /// written by two stores would have each cut back the other's batches after a crash.
    public func claim(owner: String) throws(ArchiveError) {
        if !exists {
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw failure("create", path) }
            try syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        let ownerPath = path + "/OWNER"
        if let data = FileManager.default.contents(atPath: ownerPath) {
            let found = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard found == owner else { throw ArchiveError.foreignDirectory(path: path, owner: found) }
            return
        }
        try append(Array((owner + "\n").utf8), to: "OWNER", at: 0)
    }

    /// The size of a file in bytes (0 when it does not exist).
    public func size(of name: String) throws(ArchiveError) -> Int64 {
        var info = stat()
        let file = path + "/" + name
        guard stat(file, &info) == 0 else {
            if errno == ENOENT { return 0 }
            throw failure("stat", file)
        }
        return Int64(info.st_size)
    }

    /// Writes `bytes` at `offset` of the file (creating it), cutting off whatever was
    /// there from `offset` on, and makes it durable.
    public func append(_ bytes: [UInt8], to name: String, at offset: Int64) throws(ArchiveError) {
        let file = path + "/" + name
        let existed = access(file, F_OK) == 0
        let descriptor = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("open", file) }
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(offset)) == 0 else { throw failure("truncate", file) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                pwrite(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written, off_t(offset) + off_t(written))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw failure("write", file)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw failure("fsync", file) }
        if !existed { try syncDirectory(path) }
    }

    /// Cuts the file back to `offset` (what an interrupted batch left after it goes) and
    /// makes that durable; a missing file is left missing.
    public func cutBack(_ name: String, to offset: Int64) throws(ArchiveError) {
        let file = path + "/" + name
        let descriptor = open(file, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw failure("open", file)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure("stat", file) }
        guard Int64(info.st_size) > offset else { return }
        guard ftruncate(descriptor, off_t(offset)) == 0 else { throw failure("truncate", file) }
        guard fsync(descriptor) == 0 else { throw failure("fsync", file) }
    }

    private func syncDirectory(_ directory: String) throws(ArchiveError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("fsync", directory) }
    }

    private func failure(_ operation: String, _ file: String) -> ArchiveError {
        ArchiveError.io(path: file, operation: operation, message: String(cString: strerror(errno)))
    }
}
