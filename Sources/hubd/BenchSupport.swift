import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OneThingHub
import OneThingKafka

/// A monotonic instant in nanoseconds, cheap enough to stamp every message with.
typealias BenchInstant = UInt64

enum BenchClock {
    static func now() -> BenchInstant { DispatchTime.now().uptimeNanoseconds }
    static func seconds(from start: BenchInstant, to end: BenchInstant) -> Double {
        end >= start ? Double(end - start) / 1e9 : -Double(start - end) / 1e9
    }
}

/// CPU time of the whole process (every thread: hub, departments, librdkafka, the mock
/// cluster), `CLOCK_PROCESS_CPUTIME_ID`, in seconds. Per application it is a figure that
/// a machine busy with other work moves far less than wall-clock rates. (A thread's own
/// CPU time is the hub's `ThreadCPUClock`.)
enum BenchProcessCPU {
    static func seconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// State shared between the benchmark's Kafka callbacks, tasks and the driver, guarded by
/// a lock (callbacks arrive on librdkafka's threads): the hub's own lock wrapper.
typealias BenchLocked = Locked

/// Resident memory of this process, from `/proc/self/status` (Linux).
enum BenchMemory {
    /// Peak resident set size (VmHWM) in bytes; nil where /proc is missing.
    static var peakResident: Int? { field("VmHWM:") }
    /// Current resident set size (VmRSS) in bytes.
    static var resident: Int? { field("VmRSS:") }

    /// Resets the peak to the current resident size (`echo 5 > /proc/self/clear_refs`,
    /// Linux >= 4.0), so each phase's peak can be read on its own. False when refused.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            return number.map { $0 * 1024 }   // the kernel writes kB
        }
        return nil
    }
}

/// Sizes of a store's files (database + write-ahead log + shared memory index).
enum BenchFiles {
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
        let path = NSTemporaryDirectory() + "hubd-bench-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes `directory` and exits when the run is interrupted (Ctrl-C, `kill`,
    /// `deploy/profile` ending its run after the hub phase). Why: a signal ends the process
    /// without running `defer`, and the run's stores reach hundreds of megabytes (the
    /// pre-filled one alone is ~250 MB). Cancel the returned watcher when the run ends.
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

/// Percentiles of a sample (nearest rank), for the latency row.
struct BenchDistribution: Sendable {
    let sorted: [Double]
    init(_ values: [Double]) { sorted = values.sorted() }
    var count: Int { sorted.count }
    func percentile(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
    var max: Double? { sorted.last }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension KafkaConsumer {
    /// A benchmark consumer subscribed to `topics`; `onAssigned` runs when the group first
    /// hands it partitions (phases wait for that before their clocks start).
    static func bench(_ configuration: KafkaConfiguration, groupID: String, topics: [String],
                      onAssigned: @escaping @Sendable () -> Void) throws -> KafkaConsumer {
        let consumer = try KafkaConsumer(configuration: configuration, groupID: groupID) { event in
            if case .assigned = event { onAssigned() }
        }
        try consumer.subscribe(topics: topics)
        return consumer
    }

    /// Polls (discarding nothing of interest: the topics are still empty) until the group
    /// assigned partitions, so that joining is not timed; throws after 30 s.
    func joinBeforeTiming(_ assigned: BenchLocked<Bool>, what: String) async throws {
        let joinStart = BenchClock.now()
        while !assigned.withLock({ $0 }) {
            _ = try await poll(maxMessages: 1, timeout: .milliseconds(50))
            if BenchClock.seconds(from: joinStart, to: BenchClock.now()) > 30 { throw BenchFailure("\(what) never joined") }
        }
    }
}
