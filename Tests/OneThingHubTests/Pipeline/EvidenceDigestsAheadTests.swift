import Foundation
import Testing
import OneThingEvidence
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingTestSupport
@testable import OneThingHub

/// The pipeline digests a batch's messages for the evidence log while routing (consumed)
/// and with the engine's step (produced), off the store's serial path. The rows must be
/// exactly those of digesting in the transaction: same digests, same chain.
@Suite struct EvidenceDigestsAheadTests {
    private let flow = TestFlow.retirement

    private func core(_ directory: TemporaryDirectory, _ name: String) throws -> PipelineCore {
        PipelineCore(engine: HubEngine(flow: flow), store: try CorrelationStore(path: directory.path(name)),
                     evidence: EvidenceLog(settings: EvidenceSettings(), flow: flow, chainID: "test-chain"))
    }

    @Test func digestsComputedAheadAreTheTransactionsOwn() throws {
        let directory = try TemporaryDirectory(prefix: "evidence-ahead")
        let ahead = try core(directory, "ahead.sqlite"), inline = try core(directory, "inline.sqlite")
        let ids = (1...6).map { "GX-EVA-\($0)" }
        let batch = ids.enumerated().map { offset, id in
            let event = CloudEvent(id: "\(id):submitted", source: "/channels/online", type: flow.eventTypes.submitted, subject: id,
                                   contentType: "application/json", data: ApplicationForms.full(id: id).serialized())
            let encoded = CloudEventCodec.encodeBinary(event)
            return ConsumedMessage(topic: flow.topics.applications, partition: 0, offset: Int64(offset), key: Array(id.utf8),
                                   value: encoded.value, headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) },
                                   timestamp: nil)
        }
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let routed = ahead.route(batch)
        #expect(routed.evidenceDigests.count == batch.count && routed.evidenceDigests.allSatisfy { $0 != nil })
        let work = try ahead.process(routed, now: now)
        // The same batch with no digests from routing: the transaction digests what it consumes.
        _ = try inline.process(RoutedBatch(messages: batch, inbound: routed.inbound), now: now)

        var produced = 0
        for id in ids {
            let rows = try ahead.store.read { try $0.evidence(applicationID: id) }
            #expect(rows == (try inline.store.read { try $0.evidence(applicationID: id) }))
            for row in rows where row.kind == .produced {
                let message = try #require(work.outbox.first { outbox in
                    outbox.headers.contains { $0.key == "ce_id" && $0.value == Array((row.eventID ?? "").utf8) }
                })
                #expect(row.digest == (try EvidenceDigest.message(key: message.key,
                                                                 headers: message.headers.map { (key: $0.key, value: Optional($0.value)) },
                                                                 value: message.value)))
                produced += 1
            }
        }
        #expect(produced >= ids.count, "every application produced evidence")
    }
}

/// The evidence topic's message is written member by member; its bytes must be those of
/// its tree, for rows with every optional member and with none.
@Suite struct EvidenceTopicValueTests {
    @Test func writtenValueIsTheTreesBytes() {
        let log = EvidenceLog(settings: EvidenceSettings(), flow: TestFlow.retirement, chainID: "chain \"1\"")
        let at = Date(timeIntervalSince1970: 1_795_000_000.123)
        let full = EvidenceRecord(seq: 7, at: at, kind: .produced, applicationID: "GX-1", topic: "retirement.status",
                                  eventType: "gov.onething.status", eventID: "GX-1:status:3", signer: "hub\n",
                                  digest: String(repeating: "a", count: 64), signature: "c2ln", algorithm: "SM2",
                                  previous: String(repeating: "0", count: 64), hash: String(repeating: "b", count: 64))
        let bare = EvidenceRecord(seq: 8, at: at, kind: .checkpoint, applicationID: nil, topic: nil, eventType: nil, eventID: nil,
                                  signer: "hub", digest: "d", signature: nil, algorithm: nil, previous: full.hash, hash: "e")
        for rows in [[full], [bare], [full, bare, full]] {
            #expect(log.topicValue(rows) == log.topicTree(rows).serialized())
        }
    }
}
