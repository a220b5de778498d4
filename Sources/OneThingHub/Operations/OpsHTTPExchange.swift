/// The HTTP/1.1 subset the metrics endpoint speaks: parse a request head, route it, render a
/// response. Pure (bytes in, bytes out), so garbage and edge cases are tested without sockets.

/// The request line of an HTTP/1.x request; headers are read past and ignored.
struct OpsHTTPRequestHead: Equatable {
    let method: String
    /// The path without its query string.
    let path: String

    /// Where the head ends in `bytes` (just after the blank line), nil while incomplete.
    /// Bare `\n\n` is accepted as well as `\r\n\r\n`, as HTTP/1.1 asks servers to be lenient.
    static func endOfHead(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { return index + 2 }
                if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\r"), bytes[index + 2] == UInt8(ascii: "\n") {
                    return index + 3
                }
            }
            index += 1
        }
        return nil
    }

    /// Parses `METHOD SP TARGET SP HTTP/1.x` from the first line; nil for anything else.
    static func parse(_ bytes: [UInt8]) -> OpsHTTPRequestHead? {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        guard let line = String(validating: firstLine, as: UTF8.self) else { return nil }
        let trimmed = line.hasSuffix("\r") ? String(line.dropLast()) : line
        let parts = trimmed.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3,
              !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && ($0.isUppercase || $0 == "-") }),
              parts[1].hasPrefix("/"),
              parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else { return nil }
        let target = parts[1]
        let path = target.firstIndex(of: "?").map { target[..<$0] } ?? target[...]
        return OpsHTTPRequestHead(method: String(parts[0]), path: String(path))
    }
}

/// A complete response; always `Connection: close`.
struct OpsHTTPResponse: Equatable {
    let status: Int
    let reason: String
    let contentType: String
    let body: [UInt8]
    var extraHeaders: [(String, String)] = []
    /// HEAD: the headers of the GET response, no body.
    var omitBody = false

    static func == (lhs: OpsHTTPResponse, rhs: OpsHTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.contentType == rhs.contentType && lhs.body == rhs.body && lhs.omitBody == rhs.omitBody
    }

    static func plain(_ status: Int, _ reason: String, _ body: String) -> OpsHTTPResponse {
        OpsHTTPResponse(status: status, reason: reason, contentType: "text/plain; charset=utf-8", body: Array(body.utf8))
    }

    func serialized() -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.count)\r\n"
        for (name, value) in extraHeaders { head += "\(name): \(value)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + (omitBody ? [] : body)
    }
}

/// Routes `/metrics` and `/healthz`; GET and HEAD only.
struct OpsMetricsRoutes: Sendable {
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    let metrics: @Sendable () -> String
    let liveness: @Sendable () -> HealthCheck
    let readiness: @Sendable () -> HealthCheck

    func respond(to head: OpsHTTPRequestHead) -> OpsHTTPResponse {
        guard ["/metrics", "/healthz", "/readyz"].contains(head.path) else {
            return .plain(404, "Not Found", "not found\n")
        }
        guard head.method == "GET" || head.method == "HEAD" else {
            var response = OpsHTTPResponse.plain(405, "Method Not Allowed", "method not allowed\n")
            response.extraHeaders = [("Allow", "GET, HEAD")]
            return response
        }
        var response: OpsHTTPResponse
        if head.path == "/metrics" {
            response = OpsHTTPResponse(status: 200, reason: "OK", contentType: Self.metricsContentType,
                                       body: Array(metrics().utf8))
        } else {
            let check = head.path == "/healthz" ? liveness() : readiness()
            response = check.isPassing
                ? .plain(200, "OK", "ok")
                : .plain(503, "Service Unavailable", check.failures.joined(separator: "\n") + "\n")
        }
        response.omitBody = head.method == "HEAD"
        return response
    }
}
