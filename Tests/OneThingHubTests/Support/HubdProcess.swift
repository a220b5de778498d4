import Foundation
import OneThingTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A `hubd` child process whose standard error is collected as it is written, so a test
/// can wait for a log line, signal the process at a chosen instant and time its stop.
final class HubdProcess: @unchecked Sendable {
    let process: ChildProcess
    private let lock = NSLock()
    private var collected = Data()
    private var reachedEndOfFile = false

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let (process, _, errors) = try HubdExecutableTests.launch(arguments, environment: environment)
        self.process = process
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            if data.isEmpty { self.reachedEndOfFile = true } else { self.collected.append(data) }
            self.lock.unlock()
            if data.isEmpty { handle.readabilityHandler = nil }
        }
    }

    /// Waits (up to `limit`) until everything the ended process wrote has been collected:
    /// its exit can be seen before the handler has read the last lines.
    private func drainLog(within limit: Duration = .seconds(5)) async {
        let end = ContinuousClock.now + limit
        while !lock.withLock({ reachedEndOfFile }) && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    var log: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    var pid: Int32 { process.processIdentifier }

    /// Whether the process has a handler for `signal` (its `SigCgt` mask in /proc).
    func catches(_ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (UInt64(1) << UInt64(signal - 1)) != 0
    }

    /// Sends `signal` and waits up to `limit` for the process to end: its exit status
    /// (nil when it was killed by a signal or still runs) and how long the stop took.
    func stop(with signal: Int32 = SIGTERM, limit: Duration = .seconds(15)) async -> (status: Int32?, took: Duration) {
        let start = ContinuousClock.now
        kill(pid, signal)
        while process.isRunning && ContinuousClock.now - start < limit {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let took = ContinuousClock.now - start
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return (nil, took)
        }
        process.waitUntilExit()
        await drainLog()
        return (process.terminationReason == .exit ? process.terminationStatus : nil, took)
    }

    /// How long the stop took by hubd's own log: from its "signal received" line to its
    /// last line. Unlike the wall clock of the test process (whose threads a loaded
    /// machine running many suites at once can starve for seconds, as seen: 12.6 s
    /// measured for a stop hubd logged in 24 ms), it times hubd alone.
    var loggedStopDuration: Duration? {
        let lines = log.split(separator: "\n").filter { !$0.isEmpty }
        guard let signalLine = lines.first(where: { $0.contains("signal received") }), let last = lines.last,
              let from = Self.timestamp(of: signalLine), let to = Self.timestamp(of: last) else { return nil }
        return .milliseconds(Int64((to.timeIntervalSince(from) * 1000).rounded()))
    }

    /// The RFC 3339 timestamp a text log line starts with, or a JSON line's "ts".
    private static func timestamp(of line: Substring) -> Date? {
        let text: Substring
        if line.hasPrefix("{"), let range = line.range(of: "\"ts\":\"") {
            text = line[range.upperBound...].prefix { $0 != "\"" }
        } else {
            text = line.prefix { $0 != " " }
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: String(text))
    }

    /// Waits up to `limit` for `text` to appear in the log.
    func waitForLog(_ text: String, within limit: Duration = .seconds(30)) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if log.contains(text) { return true }
            if !process.isRunning { await drainLog(); return log.contains(text) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return log.contains(text)
    }

    deinit {
        if process.isRunning { kill(pid, SIGKILL) }
    }
}

/// A local TCP port nothing listens on (bound, then released), for an unreachable broker.
func closedLocalPort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw TestFailure("no socket") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestFailure("cannot bind") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
