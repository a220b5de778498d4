import Foundation
import Testing
import OneThingEvidence
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingTestSupport
@testable import OneThingHub

/// A message forwarded to its owner partition (a sender that partitions keys otherwise)
/// is evidence in the owner's chain as the message first read: the instance that
/// forwarded it did not act on it and records nothing, so without this a stray message
/// would be in no chain at all.
@Suite struct EvidenceForwardingTests {
    private let flow = TestFlow.retirement

    @Test func aForwardedIntakeIsRecordedUnderItsOriginalTopicWithItsOriginalDigest() throws {
        let directory = try TemporaryDirectory(prefix: "evidence-forwarding")
        let store = try CorrelationStore(path: directory.path("hub.sqlite"))
        let core = PipelineCore(engine: HubEngine(flow: flow), store: store,
                                evidence: EvidenceLog(settings: EvidenceSettings(), flow: flow, chainID: "test-chain"))
        let id = "GX-FWD-1"
        let event = CloudEvent(id: "\(id):submitted", source: "/channels/online", type: flow.eventTypes.submitted, subject: id,
                               contentType: "application/json", data: ApplicationForms.full(id: id).serialized())
        let encoded = CloudEventCodec.encodeBinary(event)
        let original = encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) }
        let forwarded = original + [
            KafkaHeader(key: Forwarding.originTopicHeader, value: Array(flow.topics.applications.utf8)),
            KafkaHeader(key: Forwarding.originPartitionHeader, value: Array("1".utf8)),
            KafkaHeader(key: Forwarding.originOffsetHeader, value: Array("7".utf8)),
            KafkaHeader(key: Forwarding.originKeyHeader, value: Array(id.utf8)),
        ]
        let message = ConsumedMessage(topic: flow.topics.repartition, partition: 0, offset: 1, key: Array(id.utf8),
                                      value: encoded.value, headers: forwarded, timestamp: nil)
        _ = try core.process(core.route([message]), now: Date())

        let rows = try store.read { try $0.evidence(applicationID: id) }
        let consumed = try #require(rows.first { $0.kind == .consumed })
        #expect(consumed.topic == flow.topics.applications)
        let expected = try EvidenceDigest.message(key: Array(id.utf8), headers: original.map { (key: $0.key, value: $0.value) },
                                                  value: encoded.value)
        #expect(consumed.digest == expected)
        #expect(rows.contains { $0.kind == .produced && $0.topic == flow.topics.requests("police") })
    }
}
