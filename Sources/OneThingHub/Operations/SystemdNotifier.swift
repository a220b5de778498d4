#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Tells systemd how the daemon is doing (`sd_notify(3)`'s protocol, without libsystemd):
/// one Unix datagram per message, `READY=1` once the hub serves, `WATCHDOG=1` while it
/// is alive, `STOPPING=1` when it begins to stop, `STATUS=...` for `systemctl status`.
///
/// Why no library: the protocol is a datagram of `KEY=VALUE` lines to the socket named
/// by `$NOTIFY_SOCKET` (a path, or an abstract-namespace name when it begins with `@`),
/// and libsystemd would be the one C dependency outside Kafka and SQLite.
///
/// `init` returns nil when `$NOTIFY_SOCKET` is not set (not started by systemd with
/// `Type=notify`): then nothing is sent and nothing needs to be.
public final class SystemdNotifier: Sendable {
    /// The socket messages go to, as `$NOTIFY_SOCKET` names it.
    public let socketName: String
    /// How often systemd expects `WATCHDOG=1` (`$WATCHDOG_USEC`, when `$WATCHDOG_PID` is
    /// unset or this process); nil: no watchdog configured.
    public let watchdogInterval: Duration?
    private let descriptor: Int32

    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let name = environment["NOTIFY_SOCKET"], name.count > 1,
              name.hasPrefix("/") || name.hasPrefix("@") else { return nil }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        socketName = name
        let forUs = environment["WATCHDOG_PID"].flatMap { Int32($0) }.map { $0 == getpid() } ?? true
        if forUs, let micro = environment["WATCHDOG_USEC"].flatMap({ Int64($0) }), micro > 0 {
            watchdogInterval = .microseconds(micro)
        } else {
            watchdogInterval = nil
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends one message (`"READY=1"`, or several lines); false when it could not be sent.
    @discardableResult
    public func send(_ message: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketName.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }   // abstract namespace: a leading NUL
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count <= capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        // The length counts the path's bytes only: an abstract name has no terminating NUL.
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2) + socklen_t(path.count)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
        return sent == bytes.count
    }

    /// `READY=1` with a status line.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// `WATCHDOG=1`.
    public func watchdog() { send("WATCHDOG=1") }
    /// `STOPPING=1` with a status line.
    public func stopping(status: String = "stopping") { send("STOPPING=1\nSTATUS=\(status)") }
}
