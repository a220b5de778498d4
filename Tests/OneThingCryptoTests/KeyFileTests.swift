import Foundation
import Testing
import OneThingCrypto
import OneThingTestSupport

@Suite struct KeyFileTests {
    @Test func privateKeysAreWrittenForTheOwnerOnlyAndReadBack() throws {
        let folder = try TemporaryDirectory(prefix: "onething-crypto")
        let path = folder.path("hub.key.pem")
        let key = try PrivateKey.generate(.sm2)
        // An existing, wider file keeps no trace of its old mode.
        _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        try KeyFile.write(key, to: path)
        #expect(try Self.mode(path) == 0o600)
        let reread = try KeyFile.readPrivateKey(at: path)
        #expect(try key.publicKey().verify(signature: reread.sign([1]), message: [1]))
    }

    @Test func privateKeyReadableByOthersIsRefused() throws {
        let folder = try TemporaryDirectory(prefix: "onething-crypto")
        let path = folder.path("hub.key.pem")
        try KeyFile.write(PrivateKey.generate(.sm2), to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(throws: CryptoError.privateKeyTooOpen(path: path, mode: 0o640)) {
            _ = try KeyFile.readPrivateKey(at: path)
        }
    }

    @Test func missingAndBrokenFilesNameThePath() throws {
        let folder = try TemporaryDirectory(prefix: "onething-crypto")
        let path = folder.path("absent.pub.pem")
        #expect(throws: CryptoError.keyFile(path: path, reason: "No such file or directory")) {
            _ = try KeyFile.readPublicKey(at: path)
        }
        _ = FileManager.default.createFile(atPath: path, contents: Data("junk".utf8))
        #expect {
            _ = try KeyFile.readPublicKey(at: path)
        } throws: { error in
            guard case CryptoError.keyFile(let named, let reason)? = error as? CryptoError else { return false }
            return named == path && reason.contains("PEM_read_bio_PUBKEY")
        }
    }

    @Test func keyDirectoryMirrorsSourcesAndFindsEverySigner() throws {
        let folder = try TemporaryDirectory(prefix: "onething-crypto")
        let directory = KeyDirectory(path: folder.url.path)
        let signers = ["/hub", "/departments/hrss", "/departments/police", "/channels/online"]
        var keys: [String: PrivateKey] = [:]
        for signer in signers {
            keys[signer] = try directory.generate(for: signer, algorithm: .sm2)
        }
        #expect(try directory.signers() == signers.sorted())
        #expect(try directory.publicKeyPath(for: "/departments/hrss") == folder.url.path + "/departments/hrss.pub.pem")
        #expect(try Self.mode(directory.privateKeyPath(for: "/departments/hrss")) == 0o600)
        let ring = try PublicKeyRing(directory: directory)
        #expect(ring.signers == signers.sorted())
        let signature = try directory.privateKey(for: "/departments/hrss").sign([4, 2])
        #expect(try ring.key(for: "/departments/hrss")?.verify(signature: signature, message: [4, 2]) == true)
        #expect(try ring.key(for: "/departments/police")?.verify(signature: signature, message: [4, 2]) == false)
        #expect(ring.key(for: "/departments/hpf") == nil)
        #expect(throws: CryptoError.unknownPrincipal("/departments/hpf")) {
            _ = try directory.publicKey(for: "/departments/hpf")
        }
    }

    @Test(arguments: ["", "/", "/../etc/passwd", "/departments/../hub", "/departments//hrss", "/Hub", "/.hidden", "/a b"])
    func signerNamesCannotLeaveTheFolder(name: String) {
        #expect(throws: CryptoError.invalidPrincipal(name)) {
            _ = try KeyDirectory.relativeName(for: name)
        }
    }

    private static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }
}
