import Foundation
import OneThingTestSupport
import Testing

/// The sqlite3 command-line shell, a second, independent program acting on the store
/// file: to set a newer schema version, and to hold the database locked the way another
/// process could.
enum SQLiteShell {
    /// Whether the shell is installed (`deploy/setup` does not install it: tests that
    /// need it are skipped without it, and the others use `StoreFile`).
    static var isInstalled: Bool { (try? executable) != nil }

    static var executable: String {
        get throws {
            try #require(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"]
                .first { FileManager.default.isExecutableFile(atPath: $0) }, "the sqlite3 shell is not installed")
        }
    }

    /// Runs `sql` against `path` and waits; fails the test on a non-zero exit.
    static func run(_ path: String, _ sql: String) throws {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: try executable)
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 \(sql)")
    }

    /// True when a reader gives up at once on `path` because it is locked.
    static func isLocked(_ path: String) throws -> Bool {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: try executable)
        process.arguments = ["-cmd", ".timeout 0", path, "SELECT count(*) FROM sqlite_master"]
        process.standardOutput = .nullDevice
        process.standardError = .nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus != 0
    }

    /// A sqlite3 process holding an exclusive lock on `path` (exclusive locking mode and
    /// an open write transaction) until `release()`; returns once the lock is observed.
    static func holdExclusiveLock(_ path: String) throws -> LockHolder {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: try executable)
        process.arguments = [path]
        let input = Pipe()
        process.standardInput = .pipe(input)
        process.standardOutput = .nullDevice
        process.standardError = .nullDevice
        try process.run()
        let holder = LockHolder(process: process, input: input.fileHandleForWriting)
        // `.timeout`: the readers that probe for the lock below may hold a shared lock
        // at the instant the shell asks for its own; without a busy timeout the shell's
        // BEGIN would fail once and it would never hold the lock.
        input.fileHandleForWriting.write(Data("""
            .timeout 5000
            PRAGMA locking_mode=EXCLUSIVE;
            BEGIN EXCLUSIVE;
            UPDATE applications SET updated_at = updated_at;

            """.utf8))
        let deadline = Date().addingTimeInterval(10)
        while try !isLocked(path) {
            guard Date() < deadline else {
                holder.release()
                throw LockError()
            }
            usleep(20_000)
        }
        return holder
    }

    struct LockError: Error, CustomStringConvertible {
        var description: String { "the sqlite3 shell did not take the lock within 10 s" }
    }
}

/// The process holding the lock; `release()` rolls back and ends it (idempotent).
final class LockHolder: @unchecked Sendable {
    private let process: ChildProcess
    private let input: FileHandle
    private var released = false

    init(process: ChildProcess, input: FileHandle) {
        self.process = process
        self.input = input
    }

    func release() {
        guard !released else { return }
        released = true
        input.write(Data("ROLLBACK;\n.quit\n".utf8))
        try? input.close()
        process.waitUntilExit()
    }
}
