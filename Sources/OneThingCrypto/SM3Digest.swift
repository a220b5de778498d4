import COpenSSL

/// An SM3 digest (GB/T 32905): 32 bytes. The hub quotes it to bind a reply to the request
/// it answers and chains evidence with it.
public struct SM3Digest: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Digests `data` in one pass.
    public init(of data: [UInt8]) throws(CryptoError) {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = data.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer {
                EVP_Digest(input.baseAddress, input.count, $0.baseAddress, &length, EVP_sm3(), nil)
            }
        }
        guard done == 1 else { throw OpenSSLErrorQueue.failure("EVP_Digest(SM3)") }
        bytes = Array(output.prefix(Int(length)))
    }

    /// Digests the UTF-8 bytes of `text`.
    public init(of text: String) throws(CryptoError) {
        try self.init(of: Array(text.utf8))
    }

    /// Reads the lower-case hexadecimal form (64 digits); nil for anything else.
    public init?(hex: String) {
        guard let bytes = HexBytes.decode(hex), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, the form headers and logs carry.
    public var hex: String { HexBytes.encode(bytes) }

    public var description: String { hex }
}
