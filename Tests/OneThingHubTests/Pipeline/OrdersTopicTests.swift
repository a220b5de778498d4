import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// Administrators' orders from the orders topic (hubctl against a cluster): routed by the
/// pipeline's own router, carried out in the batch that consumed them, recorded with the
/// operator, de-duplicated by their event, and dead-lettered when unusable.
@Suite struct OrdersTopicTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    private let flow = TestFlow.retirement

    private final class Bed {
        let directory: String
        let core: PipelineCore
        var offset: Int64 = 0

        init(flow: Flow) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("orders-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            core = PipelineCore(engine: HubEngine(flow: flow), store: try CorrelationStore(path: directory + "/hub.sqlite"))
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// The message as the consumer hands it over, routed and processed in one batch.
        @discardableResult
        func process(_ messages: [(topic: String, key: String, event: CloudEvent)]) throws -> ProcessedWork {
            let consumed = messages.map { item -> ConsumedMessage in
                offset += 1
                let encoded = CloudEventCodec.encodeBinary(item.event)
                return ConsumedMessage(topic: item.topic, partition: 0, offset: offset, key: Array(item.key.utf8),
                                       value: encoded.value, headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) },
                                       timestamp: nil)
            }
            return try core.process(core.route(consumed), now: OrdersTopicTests.now)
        }
    }

    private func submitted(_ id: String) -> (topic: String, key: String, event: CloudEvent) {
        (flow.topics.applications, id,
         CloudEvent(id: "\(id):submitted", source: "/channels/online", type: flow.eventTypes.submitted, subject: id,
                    contentType: "application/json", data: ApplicationForms.full(id: id).serialized()))
    }

    private func order(_ id: String, _ kind: AdministratorOrder.Kind, eventID: String = UUID().uuidString,
                       type: String? = nil, data: [UInt8]? = nil) -> (topic: String, key: String, event: CloudEvent) {
        let wire = AdministratorOrder(applicationID: id, kind: kind, requestedBy: "operator-li", requestedAt: Self.now)
        return (flow.topics.orders, id,
                CloudEvent(id: eventID, source: "/hubctl", type: type ?? flow.eventTypes.order, subject: id,
                           contentType: "application/json", data: data ?? wire.encoded()))
    }

    @Test func aWithdrawalOrderIsCarriedOutOnceAndRecordedWithTheOperator() throws {
        let bed = try Bed(flow: flow)
        try bed.process([submitted("GX-ORD-1")])
        let withdrawal = order("GX-ORD-1", .withdraw(reason: "申请人撤回 applicant asked"), eventID: "order-1")
        let work = try bed.process([withdrawal])
        #expect(work.ordersDone == 1)
        let store = bed.core.store
        let record = try #require(try store.read { try $0.application(id: "GX-ORD-1") })
        #expect(record.outcome == .withdrawn)
        let orders = try store.read { try $0.orders(applicationID: "GX-ORD-1") }
        #expect(orders.count == 1)
        #expect(orders.first?.requestedBy == "operator-li" && orders.first?.result == "Withdrawn.")
        let history = try store.read { try $0.history(applicationID: "GX-ORD-1") }
        #expect(history.contains { $0.kind == "order-recorded" && $0.detail.contains("operator-li")
            && $0.detail.contains(flow.topics.orders) })

        // The same event again (redelivered before its offset was committed): nothing more.
        let again = try bed.process([withdrawal])
        #expect(again.duplicates == 1 && again.ordersDone == 0)
        #expect(try store.read { try $0.orders(applicationID: "GX-ORD-1") }.count == 1)
    }

    @Test func aResendOrderResendsWithTheSameRequestID() throws {
        let bed = try Bed(flow: flow)
        try bed.process([submitted("GX-ORD-2")])
        let work = try bed.process([order("GX-ORD-2", .resend(matter: "M10"))])
        #expect(work.ordersDone == 1)
        let requests = work.outbox.filter { $0.topic == flow.topics.requests("police") }
        #expect(requests.count == 1)
        #expect(requests.first?.headers.first { $0.key == "ce_id" }.map { String(decoding: $0.value, as: UTF8.self) }
                == "GX-ORD-2:M10:r1")
        #expect(try bed.core.store.read { try $0.orders(applicationID: "GX-ORD-2") }.first?.result?.hasPrefix("Resent") == true)
    }

    @Test func unusableOrdersAreDeadLettered() throws {
        let bed = try Bed(flow: flow)
        let work = try bed.process([
            order("GX-NOBODY", .withdraw(reason: "r")),
            order("GX-ORD-3", .withdraw(reason: "r"), type: flow.eventTypes.withdrawn),
            order("GX-ORD-3", .withdraw(reason: "r"), data: Array(#"{"kind":"withdraw"}"#.utf8)),
        ])
        #expect(work.deadLettersByCode == [DeadLetterVerdict.unknownApplication: 1, DeadLetterVerdict.unknownType: 1,
                                          DeadLetterVerdict.malformed: 1])
        #expect(work.ordersDone == 0)
        let letters = try bed.core.store.read { try $0.deadLetters(limit: 10) }
        #expect(letters.count == 3)
        #expect(letters.allSatisfy { $0.topic == flow.topics.orders })
    }
}
