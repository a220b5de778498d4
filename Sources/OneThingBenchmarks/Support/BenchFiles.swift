import Foundation
import OneThingHub

/// The run's store files: their sizes, their removal, and a directory that does not
/// outlive the run.
enum BenchFiles {
    /// Sizes of a store's files (database + write-ahead log + shared memory index).
    static func storeBytes(_ path: String) -> Int {
        [path, path + "-wal", path + "-shm"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
            return total + size
        }
    }

    static func removeStore(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
    }

    /// A fresh directory for this run's stores.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "onething-bench-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with a new temporary directory, removed when `body` ends and also when
    /// a signal interrupts the run (see `removeWhenInterrupted`).
    static func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = try temporaryDirectory()
        let interruption = removeWhenInterrupted(directory)
        defer {
            interruption.cancel()
            try? FileManager.default.removeItem(atPath: directory)
        }
        return try await body(directory)
    }

    /// Removes `directory` and exits when the run is interrupted (Ctrl-C, `kill`,
    /// `deploy/profile` ending its run after the hub phase). Why: a signal ends the process
    /// without running `defer`, and the run's stores reach hundreds of megabytes. Cancel
    /// the returned watcher when the run ends.
    static func removeWhenInterrupted(_ directory: String) -> SignalWatcher {
        let watcher = SignalWatcher()
        Task.detached {
            for await signal in watcher.signals {
                try? FileManager.default.removeItem(atPath: directory)
                FileHandle.standardError.write(Data("bench: \(signal): removed \(directory)\n".utf8))
                exit(128 + signal.number)
            }
        }
        return watcher
    }
}
