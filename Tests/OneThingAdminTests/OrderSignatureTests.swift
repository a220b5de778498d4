import Foundation
import Testing
import OneThingCatalogueFiles
import OneThingCrypto
import OneThingExchange
import OneThingKafka
import OneThingSupport
import OneThingTestSupport
@testable import OneThingAdmin

/// `hubctl --bootstrap-servers ... resend|withdraw --keys DIR`: the order leaves signed by
/// the operator (`/operators/<name>`), under the name it records, so a hub that verifies
/// can take it; without a keys folder it leaves unsigned, as before.
@Suite struct OrderSignatureTests {
    private func command(operatorName: String, keys: String?) throws -> ClusterOrderCommand {
        let catalogue = try Catalogue.load(files: try CatalogueFiles.read(directory: checkoutCatalogue))
        let flow = try #require(catalogue.flows.first)
        return ClusterOrderCommand(applicationID: "GX-SIGN-1", kind: .withdraw(reason: "申请人撤回"), operatorName: operatorName,
                                   cluster: HubctlCluster(bootstrapServers: "k:9092", keysDirectory: keys), flow: flow)
    }

    private func header(_ message: OutgoingMessage, _ name: String) -> String? {
        message.headers.last { $0.key == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func keysFromTheFlagOrTheEnvironmentGoWithOrdersOnly() throws {
        guard case .run(let flagged) = try HubctlArguments.parse(
            ["--bootstrap-servers", "k:9092", "withdraw", "GX-1", "--reason", "asked", "--keys", "/etc/onething/keys"],
            environment: [:]) else { Issue.record("expected a run"); return }
        #expect(flagged.cluster?.keysDirectory == "/etc/onething/keys")
        guard case .run(let fromEnvironment) = try HubctlArguments.parse(
            ["--bootstrap-servers", "k:9092", "resend", "GX-1", "M10"], environment: ["ONETHING_KEYS": "/env/keys"]) else {
            Issue.record("expected a run"); return
        }
        #expect(fromEnvironment.cluster?.keysDirectory == "/env/keys")
        guard case .run(let listing) = try HubctlArguments.parse(
            ["--bootstrap-servers", "k:9092", "list"], environment: ["ONETHING_KEYS": "/env/keys"]) else {
            Issue.record("expected a run"); return
        }
        #expect(listing.cluster?.keysDirectory == nil)
    }

    @Test func withKeysTheOrderIsSignedByTheOperatorItNames() throws {
        let directory = try TemporaryDirectory()
        let keys = KeyDirectory(path: directory.path("keys"))
        try keys.generate(for: "/operators/operator-li", algorithm: .sm2)
        let (message, _) = try command(operatorName: "operator-li", keys: keys.path).outgoing(at: Date(), partitionCount: 3)
        #expect(header(message, "ce_source") == "/operators/operator-li")
        #expect(header(message, MessageSignature.signerHeader) == "/operators/operator-li")
        let ring = try PublicKeyRing(directory: keys)
        let verdict = MessageSignature.verify(key: message.key, headers: message.headers.map { (key: $0.key, value: $0.value) },
                                              value: message.value, ring: ring)
        #expect(verdict == .valid(signer: "/operators/operator-li"))
        let order = try AdministratorOrder.decode(message.value ?? []).get()
        #expect(order.requestedBy == "operator-li")
    }

    @Test func withoutKeysTheOrderLeavesUnsignedAndAMissingKeyIsAClearRefusal() throws {
        let (unsigned, _) = try command(operatorName: "operator-li", keys: nil).outgoing(at: Date(), partitionCount: 3)
        #expect(header(unsigned, "ce_source") == AdministratorOrder.unsignedSource)
        #expect(header(unsigned, MessageSignature.signatureHeader) == nil)

        let directory = try TemporaryDirectory()
        let keyless = try command(operatorName: "operator-zhao", keys: directory.path("keys"))
        do {
            _ = try keyless.outgoing(at: Date(), partitionCount: 3)
            Issue.record("an order without the operator's key was signed")
        } catch {
            #expect(error.description.contains("hubd keys generate --out \(directory.path("keys")) --for operators/operator-zhao"))
        }
    }
}
