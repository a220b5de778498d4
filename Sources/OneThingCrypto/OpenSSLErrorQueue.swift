import COpenSSL

/// OpenSSL reports failures through a per-thread queue of error codes; these turn it into
/// the text a ``CryptoError`` carries and make sure nothing is left behind for the next call.
enum OpenSSLErrorQueue {
    /// Empties this thread's queue and returns its entries as one line.
    static func drain() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no reason given by OpenSSL" : reasons.joined(separator: "; ")
    }

    /// The error for a failed call, with the queue's reasons.
    static func failure(_ operation: String) -> CryptoError {
        .openssl(operation: operation, reason: drain())
    }

    /// Forgets queued errors a failed verification leaves (a malformed signature, say): they
    /// are an answer, not a failure, and must not be reported by a later unrelated call.
    static func clear() {
        ERR_clear_error()
    }
}
