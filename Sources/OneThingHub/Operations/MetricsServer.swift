#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import OneThingSupport

/// A tiny HTTP/1.1 server for operators: `GET /metrics` (Prometheus text 0.0.4),
/// `GET /healthz` (liveness: 200 `ok`, or 503 with one failing reason per line) and
/// `GET /readyz` (readiness, the same way), 404 for other paths,
/// 405 for methods other than GET and HEAD, one request per connection.
///
/// It binds and starts in `init` on a thread it owns, never on the Swift concurrency pool.
/// The accept loop blocks in `poll()` on the listening socket and a wake-up pipe, so `stop()`
/// returns at once. Each connection is served on a short-lived thread with a deadline for the
/// whole request (`readTimeout`), so a slow or silent client cannot hold a scrape or a
/// liveness probe hostage; at most `maximumConnections` are served at once, further ones
/// are closed. Garbage gets 400, an oversized head 431, a timeout 408. Sends use
/// MSG_NOSIGNAL, so a client hanging up never raises SIGPIPE.
public final class MetricsServer: Sendable {
    /// The port actually bound (the kernel's choice when 0 was asked for).
    public let port: Int
    public let host: String
    private let listener: OpsHTTPListener

    /// - Parameters:
    ///   - host: IPv4 or IPv6 literal to bind; `0.0.0.0` (every interface) by default so a
    ///     Prometheus server elsewhere can scrape; `127.0.0.1` for local use only.
    ///   - port: 0 for an ephemeral port (see `port`).
    ///   - metrics: the exposition text, rendered per scrape.
    ///   - liveness: whether the daemon is alive and well, and if not why (`/healthz`).
    ///   - readiness: whether it serves, and if not why (`/readyz`).
    public init(host: String = "0.0.0.0", port: Int, readTimeout: Duration = .seconds(5),
                maximumConnections: Int = 16,
                metrics: @escaping @Sendable () -> String,
                liveness: @escaping @Sendable () -> HealthCheck,
                readiness: @escaping @Sendable () -> HealthCheck) throws(MetricsServerError) {
        let (fd, boundPort) = try OpsSocket.makeListener(host: host, port: port)
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            let error = OpsSocket.systemError("pipe")
            close(fd)
            throw error
        }
        for end in pipeEnds {
            OpsSocket.setCloseOnExec(end)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        self.port = boundPort
        self.host = host
        listener = OpsHTTPListener(
            listeningSocket: fd, wakeRead: pipeEnds[0], wakeWrite: pipeEnds[1],
            routes: OpsMetricsRoutes(metrics: metrics, liveness: liveness, readiness: readiness),
            readTimeout: readTimeout, maximumConnections: maximumConnections)
        let thread = Thread { [listener] in listener.acceptLoop() }
        thread.name = "hubd-metrics"
        thread.start()
    }

    /// A health answered by a yes or no (`/readyz` follows `/healthz`).
    public convenience init(host: String = "0.0.0.0", port: Int, readTimeout: Duration = .seconds(5),
                            maximumConnections: Int = 16,
                            metrics: @escaping @Sendable () -> String,
                            health: @escaping @Sendable () -> Bool = { true }) throws(MetricsServerError) {
        let check: @Sendable () -> HealthCheck = { health() ? .passing : HealthCheck(failures: ["unavailable"]) }
        try self.init(host: host, port: port, readTimeout: readTimeout, maximumConnections: maximumConnections,
                      metrics: metrics, liveness: check, readiness: check)
    }

    /// Serves `registry.render()` on `/metrics`.
    public convenience init(host: String = "0.0.0.0", port: Int, registry: MetricsRegistry,
                            readTimeout: Duration = .seconds(5),
                            health: @escaping @Sendable () -> Bool = { true }) throws(MetricsServerError) {
        try self.init(host: host, port: port, readTimeout: readTimeout,
                      metrics: { registry.render() }, health: health)
    }

    /// Serves `registry.render()` on `/metrics`, with reasons on `/healthz` and `/readyz`.
    public convenience init(host: String = "0.0.0.0", port: Int, registry: MetricsRegistry,
                            readTimeout: Duration = .seconds(5),
                            liveness: @escaping @Sendable () -> HealthCheck,
                            readiness: @escaping @Sendable () -> HealthCheck) throws(MetricsServerError) {
        try self.init(host: host, port: port, readTimeout: readTimeout,
                      metrics: { registry.render() }, liveness: liveness, readiness: readiness)
    }

    /// Stops accepting and closes the listening socket; returns once the accept thread has
    /// ended (promptly: it is woken through a pipe). Requests already being served finish
    /// on their own within their deadline. Idempotent.
    public func stop() {
        listener.stop()
    }

    deinit {
        listener.stop()
    }
}

/// The state the accept thread and the connection handlers share.
final class OpsHTTPListener: Sendable {
    private struct State {
        var stopping = false
        var activeConnections = 0
    }

    /// Largest request head read; Prometheus and probes send a few hundred bytes.
    static let maximumHeadSize = 8192

    private let listeningSocket: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let routes: OpsMetricsRoutes
    private let readTimeout: Duration
    private let maximumConnections: Int
    private let state = Locked(State())
    private let finished = DispatchSemaphore(value: 0)

    init(listeningSocket: Int32, wakeRead: Int32, wakeWrite: Int32, routes: OpsMetricsRoutes,
         readTimeout: Duration, maximumConnections: Int) {
        self.listeningSocket = listeningSocket
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.routes = routes
        self.readTimeout = readTimeout
        self.maximumConnections = max(1, maximumConnections)
    }

    func acceptLoop() {
        defer { finished.signal() }
        var descriptors = [
            pollfd(fd: listeningSocket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        while !state.withLock({ $0.stopping }) {
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            let ready = poll(&descriptors, 2, 1000)
            if ready < 0 && errno != EINTR { return }
            if descriptors[1].revents != 0 { return }
            if descriptors[0].revents != 0 { acceptPending() }
        }
    }

    private func acceptPending() {
        while true {
            let client = accept(listeningSocket, nil, nil)
            guard client >= 0 else { return }   // EAGAIN: nothing more, or a transient error
            OpsSocket.setCloseOnExec(client)
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            let admitted = state.withLock { state -> Bool in
                guard state.activeConnections < maximumConnections else { return false }
                state.activeConnections += 1
                return true
            }
            guard admitted else {
                close(client)
                continue
            }
            // A thread per connection (at most `maximumConnections`): serving blocks in
            // poll() for up to the read timeout, which would starve Dispatch's small pool.
            let thread = Thread { [self] in
                serve(client)
                state.withLock { $0.activeConnections -= 1 }
            }
            thread.name = "hubd-metrics-connection"
            thread.start()
        }
    }

    /// Reads one request head before the deadline, answers it, closes the connection.
    private func serve(_ client: Int32) {
        let deadline = ContinuousClock.now.advanced(by: readTimeout)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        var response: OpsHTTPResponse?
        while response == nil {
            if let end = OpsHTTPRequestHead.endOfHead(in: received) {
                response = answer(Array(received.prefix(end)))
                break
            }
            if received.count > Self.maximumHeadSize {
                response = .plain(431, "Request Header Fields Too Large", "request head too large\n")
                break
            }
            guard let remaining = OpsSocket.millisecondsUntil(deadline),
                  OpsSocket.wait(client, for: Int32(POLLIN), milliseconds: remaining) else {
                response = .plain(408, "Request Timeout", "request timeout\n")
                break
            }
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: chunk.prefix(count))
            } else if count == 0 {
                // The client finished sending: answer a complete request line, else give up.
                if received.isEmpty {
                    close(client)
                    return
                }
                response = answer(received)
            } else if errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK {
                close(client)
                return
            }
        }
        if let response {
            let writeDeadline = ContinuousClock.now.advanced(by: readTimeout)
            if OpsSocket.sendAll(client, response.serialized(), deadline: writeDeadline) {
                lingerAndDrain(client)
            }
        }
        close(client)
    }

    private func answer(_ head: [UInt8]) -> OpsHTTPResponse {
        guard let request = OpsHTTPRequestHead.parse(head) else {
            return .plain(400, "Bad Request", "bad request\n")
        }
        return routes.respond(to: request)
    }

    /// Half-closes and reads what the client still sends for a moment, so unread request
    /// bytes do not turn the close into a reset that could destroy the response in flight.
    private func lingerAndDrain(_ client: Int32) {
        _ = shutdown(client, Int32(SHUT_WR))
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(200))
        var sink = [UInt8](repeating: 0, count: 4096)
        var drained = 0
        while drained < 65536, let remaining = OpsSocket.millisecondsUntil(deadline),
              OpsSocket.wait(client, for: Int32(POLLIN), milliseconds: remaining) {
            let count = sink.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            drained += count
        }
    }

    func stop() {
        let first = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.stopping = true
            return true
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        finished.wait()
        close(listeningSocket)
        close(wakeRead)
        close(wakeWrite)
    }
}
