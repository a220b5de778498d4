import Foundation
import Testing
import OneThingCrypto
import OneThingTestSupport

/// Interoperability with the `openssl` command line, which is what an integrator has: its
/// SM2 keys load here, and signatures made here verify there (and back) with the standard
/// distinguishing identifier, and fail with another one, which shows the identifier is used.
private let openssl = "/usr/bin/openssl"

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: openssl)))
struct OpenSSLCommandLineTests {

    @Test func signaturesVerifyBothWays() throws {
        let folder = try TemporaryDirectory(prefix: "onething-crypto")
        let keyPath = folder.path("key.pem"), publicPath = folder.path("pub.pem")
        let messagePath = folder.path("message"), signaturePath = folder.path("signature")
        try Self.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", keyPath])
        try Self.run(["pkey", "-in", keyPath, "-pubout", "-out", publicPath])
        let message = Array("{\"applicationId\":\"GX-1\"}".utf8)
        try Data(message).write(to: URL(fileURLWithPath: messagePath))

        let key = try PrivateKey(pem: Array(Data(contentsOf: URL(fileURLWithPath: keyPath))))
        #expect(key.algorithm == .sm2)
        try Data(key.sign(message)).write(to: URL(fileURLWithPath: signaturePath))
        let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-digest", "sm3",
                      "-in", messagePath, "-sigfile", signaturePath]
        #expect(try Self.run(verify + ["-pkeyopt", "distid:1234567812345678"]) == 0)
        #expect(try Self.run(verify + ["-pkeyopt", "distid:another-identifier"], expectSuccess: false) != 0)

        try Self.run(["pkeyutl", "-sign", "-inkey", keyPath, "-rawin", "-digest", "sm3",
                      "-pkeyopt", "distid:1234567812345678", "-in", messagePath, "-out", signaturePath])
        let theirs = Array(try Data(contentsOf: URL(fileURLWithPath: signaturePath)))
        let publicKey = try PublicKey(pem: Array(Data(contentsOf: URL(fileURLWithPath: publicPath))))
        #expect(try publicKey.verify(signature: theirs, message: message))
    }

    @discardableResult
    private static func run(_ arguments: [String], expectSuccess: Bool = true) throws -> Int32 {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        process.standardOutput = .nullDevice
        process.standardError = .nullDevice
        try process.run()
        process.waitUntilExit()
        if expectSuccess && process.terminationStatus != 0 {
            throw TestFailure("openssl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return process.terminationStatus
    }
}
