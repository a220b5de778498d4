import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// Administrators' orders on the orders topic under signatures: a hub that verifies takes
/// an order only when an operator's key signed it and the order names that operator, so
/// the name in the application's history is proven; unsigned orders follow the sender
/// policy like every other sender's messages.
@Suite struct SignedOrdersTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    private let flow = TestFlow.retirement

    private final class Bed {
        let directory: String
        let core: PipelineCore
        var offset: Int64 = 0

        init(flow: Flow, policies: SenderPolicies = SenderPolicies()) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("signed-orders-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            core = PipelineCore(engine: HubEngine(flow: flow), store: try CorrelationStore(path: directory + "/hub.sqlite"),
                                trust: try TestKeys.trust(policies: policies))
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// Each message as the consumer hands it over, signed by its signer (nil: unsigned),
        /// routed and processed in one batch.
        @discardableResult
        func process(_ messages: [(topic: String, key: String, event: CloudEvent, signer: String?)]) throws -> ProcessedWork {
            let consumed = try messages.map { item -> ConsumedMessage in
                offset += 1
                let encoded = CloudEventCodec.encodeBinary(item.event)
                var message = OutgoingMessage(topic: item.topic, key: Array(item.key.utf8), value: encoded.value,
                                              headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
                if let signer = item.signer { message = try TestKeys.sign(message, as: signer) }
                return ConsumedMessage(topic: item.topic, partition: 0, offset: offset, key: message.key,
                                       value: message.value, headers: message.headers, timestamp: nil)
            }
            return try core.process(core.route(consumed), now: SignedOrdersTests.now)
        }

        func application(_ id: String) throws -> ApplicationRecord? {
            try core.store.read { try $0.application(id: id) }
        }
    }

    private func submitted(_ id: String) -> (topic: String, key: String, event: CloudEvent, signer: String?) {
        (flow.topics.applications, id,
         CloudEvent(id: "\(id):submitted", source: "/channels/online", type: flow.eventTypes.submitted, subject: id,
                    contentType: "application/json", data: ApplicationForms.full(id: id).serialized()),
         "/channels/online")
    }

    /// A withdrawal order for `id` naming operator `named`, with `source` as its
    /// `ce_source`, signed by `signer` (nil: unsigned).
    private func withdrawal(_ id: String, named: String, source: String,
                            signer: String?) -> (topic: String, key: String, event: CloudEvent, signer: String?) {
        let wire = AdministratorOrder(applicationID: id, kind: .withdraw(reason: "申请人撤回"), requestedBy: named,
                                      requestedAt: Self.now)
        return (flow.topics.orders, id,
                CloudEvent(id: UUID().uuidString, source: source, type: flow.eventTypes.order, subject: id,
                           contentType: "application/json", data: wire.encoded()),
                signer)
    }

    @Test func anOrderSignedByTheOperatorItNamesIsCarriedOut() throws {
        let bed = try Bed(flow: flow)
        try bed.process([submitted("GX-SORD-1")])
        let work = try bed.process([withdrawal("GX-SORD-1", named: "operator-li", source: "/operators/operator-li",
                                               signer: "/operators/operator-li")])
        #expect(work.ordersDone == 1)
        #expect(work.deadLettersByCode.isEmpty)
        #expect(try bed.application("GX-SORD-1")?.outcome == .withdrawn)
        let orders = try bed.core.store.read { try $0.orders(applicationID: "GX-SORD-1") }
        #expect(orders.first?.requestedBy == "operator-li")
    }

    @Test func unsignedForgedAndMisattributedOrdersAreBadSignatureAndChangeNothing() throws {
        let bed = try Bed(flow: flow)
        try bed.process([submitted("GX-SORD-2")])
        let work = try bed.process([
            // hubctl without --keys: unsigned, and the policy requires a signature.
            withdrawal("GX-SORD-2", named: "operator-li", source: AdministratorOrder.unsignedSource, signer: nil),
            // Signed by operator-wang, but recording operator-li as the one who ordered it.
            withdrawal("GX-SORD-2", named: "operator-li", source: "/operators/operator-wang", signer: "/operators/operator-wang"),
            // Signed by a channel: channels do not give administrators' orders.
            withdrawal("GX-SORD-2", named: "online", source: "/channels/online", signer: "/channels/online"),
        ])
        #expect(work.deadLettersByCode == [DeadLetterVerdict.badSignature: 3])
        #expect(work.ordersDone == 0)
        #expect(try bed.application("GX-SORD-2")?.outcome == nil)
        #expect(try bed.core.store.read { try $0.orders(applicationID: "GX-SORD-2") }.isEmpty)
        let reasons = try bed.core.store.read { try $0.deadLetters(limit: 10) }.map(\.reason)
        #expect(reasons.contains { $0.contains("not signed") })
        #expect(reasons.contains { $0.contains("signed by /operators/operator-wang, but names operator operator-li") })
        #expect(reasons.contains { $0.contains("must be signed by an operator") })
    }

    @Test func verifyIfPresentLetsUnsignedOrdersThroughDuringAMigration() throws {
        let policies = try SenderPolicies(entries: ["\(AdministratorOrder.unsignedSource)=verify-if-present"])
        let bed = try Bed(flow: flow, policies: policies)
        try bed.process([submitted("GX-SORD-3")])
        let work = try bed.process([withdrawal("GX-SORD-3", named: "operator-li", source: AdministratorOrder.unsignedSource,
                                               signer: nil)])
        #expect(work.ordersDone == 1)
        #expect(try bed.application("GX-SORD-3")?.outcome == .withdrawn)
    }
}
