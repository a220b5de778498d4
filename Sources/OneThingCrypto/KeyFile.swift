#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing PEM key files with the modes that make them trustworthy.
///
/// A private key is written with mode 0600 (owner read/write only) and a private key file
/// readable by group or others is refused on load rather than merely warned about: such a
/// key may have been copied by anyone on the machine, so its signatures would prove
/// nothing, and a refusal at start-up is the one message an operator cannot overlook.
public enum KeyFile {
    /// Writes `key` to `path` with mode 0600, replacing an existing file (whose mode is
    /// reset to 0600 too).
    public static func write(_ key: PrivateKey, to path: String) throws(CryptoError) {
        try writeBytes(key.pem(), to: path, mode: 0o600)
    }

    /// Writes `key` to `path` with mode 0644: public keys are meant to be shared.
    public static func write(_ key: PublicKey, to path: String) throws(CryptoError) {
        try writeBytes(key.pem(), to: path, mode: 0o644)
    }

    /// Reads a private key, refusing a file readable by anyone but its owner.
    public static func readPrivateKey(at path: String) throws(CryptoError) -> PrivateKey {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .keyFile(path: path, reason: systemError()) }
        let mode = UInt32(status.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw .privateKeyTooOpen(path: path, mode: mode) }
        let bytes = try readBytes(path)
        do {
            return try PrivateKey(pem: bytes)
        } catch {
            throw .keyFile(path: path, reason: error.description)
        }
    }

    /// Reads a public key.
    public static func readPublicKey(at path: String) throws(CryptoError) -> PublicKey {
        let bytes = try readBytes(path)
        do {
            return try PublicKey(pem: bytes)
        } catch {
            throw .keyFile(path: path, reason: error.description)
        }
    }

    private static func readBytes(_ path: String) throws(CryptoError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .keyFile(path: path, reason: systemError()) }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .keyFile(path: path, reason: systemError())
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk.prefix(count))
        }
    }

    private static func writeBytes(_ bytes: [UInt8], to path: String, mode: mode_t) throws(CryptoError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw .keyFile(path: path, reason: systemError()) }
        defer { close(descriptor) }
        // The creation mode is filtered by the umask and ignored for an existing file.
        guard fchmod(descriptor, mode) == 0 else { throw .keyFile(path: path, reason: systemError()) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .keyFile(path: path, reason: systemError())
            }
            offset += count
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// The system's write(2), which the static `write` methods above would otherwise shadow.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
