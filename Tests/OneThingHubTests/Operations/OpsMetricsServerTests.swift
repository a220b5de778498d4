#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OneThingSupport
import Testing
@testable import OneThingHub

/// Talks to the server over real loopback sockets with a raw client, so the bytes on the
/// wire are what is checked (and garbage can be sent).
@Suite struct OpsMetricsServerTests {
    /// Connects to 127.0.0.1:`port`, sends `request`, optionally half-closes, reads until EOF.
    static func exchange(port: Int, _ request: [UInt8], halfClose: Bool = false, timeout: Int32 = 5000) -> String? {
        let fd = socket(AF_INET, OpsSocket.streamType, 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        if !request.isEmpty {
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, OpsSocket.noSignal) }
        }
        if halfClose { _ = shutdown(fd, Int32(SHUT_WR)) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while OpsSocket.wait(fd, for: Int32(POLLIN), milliseconds: timeout) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response.append(contentsOf: buffer.prefix(count))
        }
        return String(decoding: response, as: UTF8.self)
    }

    static func get(port: Int, _ path: String, method: String = "GET") -> String? {
        exchange(port: port, Array("\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n\r\n".utf8))
    }

    private func server(isHealthy: @escaping @Sendable () -> Bool = { true },
                        readTimeout: Duration = .seconds(2)) throws -> (MetricsServer, HubMetrics) {
        let metrics = HubMetrics()
        metrics.messageIn(topic: "retirement.applications", count: 5)
        let server = try MetricsServer(host: "127.0.0.1", port: 0, registry: metrics.registry,
                                       readTimeout: readTimeout, health: isHealthy)
        return (server, metrics)
    }

    @Test func servesMetricsInTheExpositionFormat() throws {
        let (server, _) = try server()
        defer { server.stop() }
        #expect(server.port > 0)
        let response = try #require(Self.get(port: server.port, "/metrics"))
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.contains("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(response.contains("\r\nConnection: close\r\n"))
        #expect(response.contains("\nonething_messages_in_total{topic=\"retirement.applications\"} 5\n"))
        let body = try #require(response.components(separatedBy: "\r\n\r\n").last)
        #expect(response.contains("Content-Length: \(body.utf8.count)\r\n"))
    }

    @Test func metricsThroughURLSessionToo() async throws {
        let (server, _) = try server()
        defer { server.stop() }
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/metrics?format=text"))
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("# TYPE onething_messages_in_total counter\n"))
    }

    @Test func healthFollowsTheHealthClosure() throws {
        let healthy = Locked(true)
        let (server, _) = try server(isHealthy: { healthy.withLock { $0 } })
        defer { server.stop() }
        let up = try #require(Self.get(port: server.port, "/healthz"))
        #expect(up.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(up.hasSuffix("\r\n\r\nok"))
        healthy.withLock { $0 = false }
        let down = try #require(Self.get(port: server.port, "/healthz"))
        #expect(down.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
    }

    @Test func healthzAndReadyzAnswerSeparatelyWithTheirReasons() throws {
        let live = Locked(HealthCheck.passing)
        let ready = Locked(HealthCheck(failures: ["not joined to the consumer group yet", "restored: reading the state topic"]))
        let server = try MetricsServer(host: "127.0.0.1", port: 0, metrics: { "" },
                                       liveness: { live.withLock { $0 } }, readiness: { ready.withLock { $0 } })
        defer { server.stop() }
        #expect(Self.get(port: server.port, "/healthz")?.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
        let notReady = try #require(Self.get(port: server.port, "/readyz"))
        #expect(notReady.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(notReady.hasSuffix("\r\n\r\nnot joined to the consumer group yet\nrestored: reading the state topic\n"))
        ready.withLock { $0 = .passing }
        live.withLock { $0 = HealthCheck(failures: ["the poll loop has not turned for 31 s (limit 30 s)"]) }
        #expect(Self.get(port: server.port, "/readyz")?.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
        let dead = try #require(Self.get(port: server.port, "/healthz"))
        #expect(dead.hasPrefix("HTTP/1.1 503 "))
        #expect(dead.contains("the poll loop has not turned for 31 s"))
    }

    @Test func unknownPathsMethodsAndGarbage() throws {
        let (server, _) = try server()
        defer { server.stop() }
        #expect(Self.get(port: server.port, "/")?.hasPrefix("HTTP/1.1 404 Not Found\r\n") == true)
        #expect(Self.get(port: server.port, "/metrics/extra")?.hasPrefix("HTTP/1.1 404 ") == true)
        let post = Self.get(port: server.port, "/metrics", method: "POST")
        #expect(post?.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n") == true)
        #expect(post?.contains("\r\nAllow: GET, HEAD\r\n") == true)
        let head = Self.get(port: server.port, "/healthz", method: "HEAD")
        #expect(head?.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
        #expect(head?.hasSuffix("\r\n\r\n") == true)
        for garbage in ["\u{16}\u{03}\u{01}\u{02}\0\0\r\n\r\n", "GET\r\n\r\n", "GET /metrics\r\n\r\n",
                        "get /metrics HTTP/1.1\r\n\r\n", "GET /metrics HTTP/9.9\r\n\r\n", "\r\n\r\n"] {
            let response = Self.exchange(port: server.port, Array(garbage.utf8))
            #expect(response?.hasPrefix("HTTP/1.1 400 Bad Request\r\n") == true, "for \(garbage.debugDescription)")
        }
        let binary = Self.exchange(port: server.port, [0xFF, 0xFE, 0x00, 0x80, 0x0A, 0x0A])
        #expect(binary?.hasPrefix("HTTP/1.1 400 ") == true)
        let huge = Self.exchange(port: server.port, Array(("GET /metrics HTTP/1.1\r\nX: " + String(repeating: "a", count: 20_000)).utf8))
        #expect(huge?.hasPrefix("HTTP/1.1 431 ") == true)
        // A request line followed by the client closing its side is still answered.
        let halfClosed = Self.exchange(port: server.port, Array("GET /healthz HTTP/1.0\r\n".utf8), halfClose: true)
        #expect(halfClosed?.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
        // Still serving after all that.
        #expect(Self.get(port: server.port, "/healthz")?.hasSuffix("ok") == true)
    }

    @Test func slowAndVanishingClientsDoNotBlockOthers() throws {
        let (server, _) = try server(readTimeout: .milliseconds(600))
        defer { server.stop() }
        let started = ContinuousClock.now
        let silent = DispatchQueue(label: "silent")
        let silentAnswer = Locked<String?>(nil)
        let silentDone = DispatchSemaphore(value: 0)
        silent.async {
            let answer = Self.exchange(port: server.port, [])
            silentAnswer.withLock { $0 = answer }
            silentDone.signal()
        }
        // While the silent client is connected, others are served at once.
        #expect(Self.get(port: server.port, "/healthz")?.hasSuffix("ok") == true)
        #expect(ContinuousClock.now - started < .milliseconds(500))
        silentDone.wait()
        #expect(silentAnswer.withLock { $0 }?.hasPrefix("HTTP/1.1 408 ") == true)
        // Clients that connect and vanish, or send half a request and vanish, do no harm.
        for _ in 0..<5 { _ = Self.exchange(port: server.port, Array("GET /met".utf8), timeout: 1) }
        #expect(Self.get(port: server.port, "/metrics")?.hasPrefix("HTTP/1.1 200 OK") == true)
    }

    @Test func stopReturnsPromptlyAndReleasesThePort() throws {
        let (server, _) = try server()
        let port = server.port
        #expect(Self.get(port: port, "/healthz") != nil)
        let started = ContinuousClock.now
        server.stop()
        #expect(ContinuousClock.now - started < .milliseconds(500))
        server.stop()
        #expect(Self.exchange(port: port, Array("GET /healthz HTTP/1.1\r\n\r\n".utf8), timeout: 500)?.isEmpty ?? true)
        let again = try MetricsServer(host: "127.0.0.1", port: port, metrics: { "" })
        #expect(again.port == port)
        again.stop()
    }

    @Test func bindErrorsAreTyped() throws {
        let (server, _) = try server()
        defer { server.stop() }
        #expect(throws: MetricsServerError.self) { try MetricsServer(host: "127.0.0.1", port: server.port, metrics: { "" }) }
        #expect(throws: MetricsServerError.self) { try MetricsServer(host: "localhost.invalid", port: 0, metrics: { "" }) }
        #expect(throws: MetricsServerError.self) { try MetricsServer(port: 70000, metrics: { "" }) }
    }

    @Test func requestHeadParsing() {
        #expect(OpsHTTPRequestHead.parse(Array("GET /metrics?x=1 HTTP/1.1\r\n\r\n".utf8))
            == OpsHTTPRequestHead(method: "GET", path: "/metrics"))
        #expect(OpsHTTPRequestHead.parse(Array("GET  /metrics HTTP/1.1\r\n".utf8)) == nil)
        #expect(OpsHTTPRequestHead.endOfHead(in: Array("GET / HTTP/1.1\r\nA: b\r\n\r\nrest".utf8)) == 24)
        #expect(OpsHTTPRequestHead.endOfHead(in: Array("GET / HTTP/1.1\n\n".utf8)) == 16)
        #expect(OpsHTTPRequestHead.endOfHead(in: Array("GET / HTTP/1.1\r\n".utf8)) == nil)
    }
}
