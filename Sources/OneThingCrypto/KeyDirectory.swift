#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The keys folder: one key pair per signer, named after the signer's `ce_source`.
///
/// A signer is the path of its CloudEvents source (`/hub`, `/departments/hrss`,
/// `/channels/online`); its public key is `<folder>/<source without the leading slash>.pub.pem`
/// and its private key `<folder>/<same>.key.pem` (mode 0600), so the folder mirrors the
/// sources: `keys/hub.pub.pem`, `keys/departments/hrss.pub.pem`. A deployment's hub holds
/// every public key and only its own private key; each department and channel holds its
/// own private key.
public struct KeyDirectory: Sendable {
    /// The folder.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Where `signer`'s public key lives.
    public func publicKeyPath(for signer: String) throws(CryptoError) -> String {
        try path + "/" + Self.relativeName(for: signer) + ".pub.pem"
    }

    /// Where `signer`'s private key lives.
    public func privateKeyPath(for signer: String) throws(CryptoError) -> String {
        try path + "/" + Self.relativeName(for: signer) + ".key.pem"
    }

    /// Reads `signer`'s private key (refused when readable by group or others).
    public func privateKey(for signer: String) throws(CryptoError) -> PrivateKey {
        try KeyFile.readPrivateKey(at: privateKeyPath(for: signer))
    }

    /// Reads `signer`'s public key.
    public func publicKey(for signer: String) throws(CryptoError) -> PublicKey {
        let file = try publicKeyPath(for: signer)
        guard access(file, F_OK) == 0 else { throw .unknownPrincipal(signer) }
        return try KeyFile.readPublicKey(at: file)
    }

    /// Makes a new key pair for `signer` and writes both files (creating folders as
    /// needed), replacing any earlier pair.
    @discardableResult
    public func generate(for signer: String, algorithm: SignatureAlgorithm) throws(CryptoError) -> PrivateKey {
        let relative = try Self.relativeName(for: signer)
        let components = relative.split(separator: "/").dropLast()
        var folder = path
        try Self.makeFolder(folder)
        for component in components {
            folder += "/" + component
            try Self.makeFolder(folder)
        }
        let key = try PrivateKey.generate(algorithm)
        try KeyFile.write(key, to: privateKeyPath(for: signer))
        try KeyFile.write(key.publicKey(), to: publicKeyPath(for: signer))
        return key
    }

    /// Every signer with a public key in the folder, found by walking it.
    public func signers() throws(CryptoError) -> [String] {
        var found: [String] = []
        try collect(folder: path, prefix: "", into: &found)
        return found.sorted()
    }

    /// The file name stem for a signer: its source path without the leading slash, each
    /// component lower-case letters, digits, `-`, `_` or `.` and not starting with a dot,
    /// so no signer name can reach outside the folder.
    public static func relativeName(for signer: String) throws(CryptoError) -> String {
        let trimmed = signer.hasPrefix("/") ? String(signer.dropFirst()) : signer
        let components = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, components.allSatisfy(isSafeComponent) else { throw .invalidPrincipal(signer) }
        return trimmed
    }

    private static func isSafeComponent(_ component: Substring) -> Bool {
        guard let first = component.utf8.first, first != UInt8(ascii: ".") else { return false }
        return component.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    private static func makeFolder(_ folder: String) throws(CryptoError) {
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
            throw .keyFile(path: folder, reason: String(cString: strerror(errno)))
        }
    }

    private func collect(folder: String, prefix: String, into found: inout [String]) throws(CryptoError) {
        guard let directory = opendir(folder) else {
            throw .keyFile(path: folder, reason: String(cString: strerror(errno)))
        }
        defer { closedir(directory) }
        let suffix = ".pub.pem"
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let full = folder + "/" + name
            var status = stat()
            guard stat(full, &status) == 0 else { continue }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                try collect(folder: full, prefix: prefix + name + "/", into: &found)
            } else if name.hasSuffix(suffix) {
                found.append("/" + prefix + String(name.dropLast(suffix.count)))
            }
        }
    }
}
