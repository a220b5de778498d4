import Foundation
import Testing
import OneThingCrypto
import OneThingHub
import OneThingSupport
import OneThingTestSupport

/// `hubd keys generate` and `hubd sign`: what an integrator with kcat relies on.
@Suite struct KeyToolsTests {
    @Test func generatedKeysSignWhatTheHubThenAccepts() throws {
        let folder = try TemporaryDirectory(prefix: "onething-keys")
        let keys = folder.url.path + "/keys"
        let signers = HubKeyTools.defaultSigners(departments: ["police"], channels: ["/channels/bank"])
        #expect(signers == ["/hub", "/departments/police", "/channels/online", "/channels/bank"])
        let made = try HubKeyTools.generate(HubKeysConfiguration(outputDirectory: keys), signers: signers)
        #expect(made.allSatisfy { $0.hasPrefix("made\t") })
        // Again: existing keys are kept, so the command is safe to repeat.
        let again = try HubKeyTools.generate(HubKeysConfiguration(outputDirectory: keys), signers: signers)
        #expect(again.allSatisfy { $0.hasPrefix("kept\t") })

        let value = Array("{\"applicationId\":\"GX-1\"}".utf8)
        let valueFile = folder.path("value.json")
        try Data(value).write(to: URL(fileURLWithPath: valueFile))
        let command = try HubCommandLine.parse(arguments: [
            "sign", "--key", keys + "/channels/online.key.pem", "-k", "GX-1",
            "-H", "ce_id=1", "-H", "ce_source=/channels/online", "-H", "content-type=application/json", valueFile,
        ], environment: [:])
        guard case .sign(let configuration) = command else { throw TestFailure("not a sign command: \(command)") }
        #expect(configuration.valueFile == valueFile && configuration.messageKey == "GX-1" && configuration.headers.count == 3)
        let text = try HubKeyTools.signatureText(configuration, value: value)
        // "-H ce_signer=... -H ce_sigalg=... -H ce_signature=...": split as the shell does.
        let words = text.split(separator: " ").map(String.init)
        #expect(words.count == 6 && words[0] == "-H" && words[1] == "ce_signer=/channels/online" && words[3] == "ce_sigalg=sm2-sm3")
        var headers: [(key: String, value: [UInt8]?)] = configuration.headers.map { (key: $0.name, value: Array($0.value.utf8)) }
        for pair in stride(from: 1, to: words.count, by: 2) {
            let parts = words[pair].split(separator: "=", maxSplits: 1).map(String.init)
            headers.append((key: parts[0], value: Array(parts[1].utf8)))
        }
        let ring = try PublicKeyRing(directory: KeyDirectory(path: keys))
        #expect(MessageSignature.verify(key: Array("GX-1".utf8), headers: headers, value: value, ring: ring)
                == .valid(signer: "/channels/online"))
        #expect(MessageSignature.verify(key: Array("GX-2".utf8), headers: headers, value: value, ring: ring) != .valid(signer: "/channels/online"))
    }

    @Test func signCommandLineMistakesAreUsageErrors() {
        for arguments in [["sign"], ["sign", "--key"], ["sign", "--key", "k.pem", "-H", "novalue"],
                          ["sign", "--key", "k.pem", "--format", "xml"], ["sign", "--key", "k.pem", "a", "b"],
                          ["keys"], ["keys", "generate"], ["keys", "generate", "--out", "d", "--algorithm", "rsa"],
                          ["keys", "generate", "--out", "d", "--for", "../x"]] {
            #expect(throws: UsageError.self, "\(arguments)") {
                _ = try HubCommandLine.parse(arguments: arguments, environment: [:])
            }
        }
    }

    @Test func runReadsTheKeysFolderAndPolicies() throws {
        let command = try HubCommandLine.parse(arguments: [
            "run", "--bootstrap-servers", "h:1", "--store", "s", "--keys", "/k",
            "--signature-policy", "/departments/hrss=verify-if-present", "--signature-policy", "*=required",
        ], environment: ["ONETHING_SIGNATURE_POLICY": "/channels/bank=verify-if-present"])
        guard case .run(let configuration) = command else { throw TestFailure("not a run command") }
        #expect(configuration.keysDirectory == "/k")
        #expect(configuration.signaturePolicies.policy(for: "/departments/hrss") == .verifyIfPresent)
        #expect(configuration.signaturePolicies.policy(for: "/channels/bank") == .verifyIfPresent)
        #expect(configuration.signaturePolicies.policy(for: "/departments/police") == .required)
        #expect(throws: UsageError.self) {
            _ = try HubCommandLine.parse(arguments: ["run", "--bootstrap-servers", "h:1", "--store", "s",
                                                     "--signature-policy", "/x=maybe"], environment: [:])
        }
    }
}
