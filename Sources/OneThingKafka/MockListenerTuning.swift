#if canImport(Glibc)
import Glibc
#endif

/// Turns Nagle's algorithm off on the mock brokers' listening sockets, so every
/// connection they accept sends its responses at once.
///
/// Why: the mock broker writes each queued response with its own `send`. With Nagle on,
/// the second response of a pipelined series waits until the client acknowledges the
/// first segment, and Linux clients delay that acknowledgement by up to 40 ms. A producer
/// whose records span several partitions has several ProduceRequests in flight on one
/// connection, so each of its bursts would wait for a delayed acknowledgement. Real
/// brokers set TCP_NODELAY; librdkafka's mock does not, and offers no option for it.
///
/// How: librdkafka does not expose the listener's descriptor, so the descriptors of this
/// process are scanned for listening TCP sockets bound to 127.0.0.1 on one of the
/// cluster's ports. Linux copies TCP_NODELAY from a listener to the sockets it accepts.
/// Call it right after the cluster is created, before any client connects.
enum MockListenerTuning {
    /// The ports of a bootstrap list such as `127.0.0.1:40123,127.0.0.1:40125`.
    static func ports(of bootstrapServers: String) -> Set<UInt16> {
        Set(bootstrapServers.split(separator: ",").compactMap { entry in
            entry.split(separator: ":").last.flatMap { UInt16($0) }
        })
    }

    /// Returns how many listening sockets were changed.
    @discardableResult
    static func disableNagle(onListenersOf bootstrapServers: String) -> Int {
        #if canImport(Glibc)
        let ports = ports(of: bootstrapServers)
        guard !ports.isEmpty else { return 0 }
        let highest = min(Int32(clamping: sysconf(Int32(_SC_OPEN_MAX))), 65_536)
        var changed = 0
        for descriptor in 0..<highest where isListeningTCP(descriptor) {
            guard let port = localPort(descriptor), ports.contains(port) else { continue }
            var on: Int32 = 1
            if setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 {
                changed += 1
            }
        }
        return changed
        #else
        return 0
        #endif
    }

    #if canImport(Glibc)
    private static func isListeningTCP(_ descriptor: Int32) -> Bool {
        var type: Int32 = 0
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &length) == 0,
              type == Int32(SOCK_STREAM.rawValue) else { return false }
        length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening != 0
    }

    private static func localPort(_ descriptor: Int32) -> UInt16? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
        return UInt16(bigEndian: address.sin_port)
    }
    #endif
}
