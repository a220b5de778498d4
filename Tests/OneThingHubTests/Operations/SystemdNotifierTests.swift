import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import OneThingTestSupport
@testable import OneThingHub

/// The notifier against a datagram socket bound where `$NOTIFY_SOCKET` points, as
/// systemd binds it: a file path, and an abstract-namespace name (`@...`).
@Suite("systemd notification")
struct SystemdNotifierTests {
    /// A bound datagram socket standing in for systemd's end.
    final class Receiver {
        let descriptor: Int32
        init(bytes path: [UInt8]) throws {
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            guard descriptor >= 0 else { throw TestFailure("no socket") }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.enumerated() { raw[index] = byte }
            }
            let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2) + socklen_t(path.count)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            guard bound == 0 else { throw TestFailure("cannot bind: errno \(errno)") }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            return count < 0 ? nil : String(decoding: buffer.prefix(count), as: UTF8.self)
        }
        deinit { close(descriptor) }
    }

    @Test func sendsToASocketPath() throws {
        let directory = try TemporaryDirectory(prefix: "notify")
        let path = directory.path("notify.sock")
        let receiver = try Receiver(bytes: Array(path.utf8))
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))
        notifier.ready(status: "serving 3 partitions")
        notifier.watchdog()
        notifier.stopping()
        #expect(receiver.receive() == "READY=1\nSTATUS=serving 3 partitions")
        #expect(receiver.receive() == "WATCHDOG=1")
        #expect(receiver.receive() == "STOPPING=1\nSTATUS=stopping")
    }

    @Test func sendsToAnAbstractName() throws {
        let name = "onething-test-\(UUID().uuidString)"
        let receiver = try Receiver(bytes: [0] + Array(name.utf8))
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@" + name]))
        #expect(notifier.send("READY=1"))
        #expect(receiver.receive() == "READY=1")
    }

    @Test func watchdogIntervalAndAbsence() throws {
        #expect(SystemdNotifier(environment: [:]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]) == nil)
        let mine = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "20000000",
                                                             "WATCHDOG_PID": String(getpid())]))
        #expect(mine.watchdogInterval == .seconds(20))
        let other = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "20000000",
                                                              "WATCHDOG_PID": "1"]))
        #expect(other.watchdogInterval == nil)
    }
}
