#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Thin, throwing wrappers over the BSD socket calls the metrics server needs. Every file
/// descriptor is close-on-exec; sends never raise SIGPIPE.
enum OpsSocket {
    #if os(Linux)
    static let streamType = Int32(SOCK_STREAM.rawValue)
    static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    static let streamType = SOCK_STREAM
    static let noSignal: Int32 = 0
    #endif

    static func systemError(_ what: String) -> MetricsServerError {
        MetricsServerError(message: "\(what) failed: \(String(cString: strerror(errno)))")
    }

    /// A listening socket bound to `host:port` (IPv4 or IPv6 literal), non-blocking, with
    /// the port it actually got (the kernel's choice when `port` is 0).
    static func makeListener(host: String, port: Int, backlog: Int32 = 64) throws(MetricsServerError) -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else {
            throw MetricsServerError(message: "metrics port \(port) is outside 0...65535")
        }
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                guard let address = raw.baseAddress?.assumingMemoryBound(to: sockaddr_in.self) else { return }
                address.pointee.sin_family = sa_family_t(AF_INET)
                address.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
                address.pointee.sin_addr = ipv4
            }
        } else if inet_pton(AF_INET6, host, &ipv6) == 1 {
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                guard let address = raw.baseAddress?.assumingMemoryBound(to: sockaddr_in6.self) else { return }
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                address.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                address.pointee.sin6_addr = ipv6
            }
        } else {
            throw MetricsServerError(message: "metrics host '\(host)' is not an IPv4 or IPv6 address")
        }
        let fd = socket(family, streamType, 0)
        guard fd >= 0 else { throw systemError("socket") }
        setCloseOnExec(fd)
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let error = systemError("bind to \(host):\(port)")
            close(fd)
            throw error
        }
        guard listen(fd, backlog) == 0 else {
            let error = systemError("listen")
            close(fd)
            throw error
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        let boundPort = withUnsafeBytes(of: &actual) { raw -> Int in
            if family == AF_INET {
                Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            } else {
                Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            }
        }
        return (fd, boundPort)
    }

    static func setCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
    }

    /// Waits until `fd` has `events` (POLLIN/POLLOUT) or `milliseconds` pass; true if ready
    /// (or in error, which the following read or write then reports).
    static func wait(_ fd: Int32, for events: Int32, milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(events), revents: 0)
        while true {
            let result = poll(&descriptor, 1, milliseconds)
            if result < 0 && errno == EINTR { continue }
            return result > 0
        }
    }

    /// Sends all of `bytes` before `deadline`; false if the peer went away or was too slow.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: ContinuousClock.Instant) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard let remaining = millisecondsUntil(deadline), wait(fd, for: Int32(POLLOUT), milliseconds: remaining) else {
                return false
            }
            let sent = bytes.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, noSignal)
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Milliseconds left before `deadline`, nil once it has passed.
    static func millisecondsUntil(_ deadline: ContinuousClock.Instant) -> Int32? {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return nil }
        let (seconds, attoseconds) = left.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }
}

/// The metrics server could not start: the message names the call and the system's reason.
public struct MetricsServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
