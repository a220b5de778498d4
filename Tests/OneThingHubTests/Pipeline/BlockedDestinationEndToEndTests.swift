import CRdKafka
import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// One destination that refuses messages holds back only its own messages.
///
/// The mock cluster has two brokers: broker 2 leads only the housing fund's request
/// topic (retirement.requests.hpf, matter M08), broker 1 everything else, so produce
/// errors pushed to broker 2 refuse that one topic.
@Suite("End to end: a blocked destination blocks nothing else")
struct BlockedDestinationEndToEndTests {
    static let blockedTopic = "retirement.requests.hpf"

    static func bed() throws -> HubTestBed {
        // Time scale 0.1: the acknowledgement timeout (1 minute) does not resend M08 during the test.
        let bed = try HubTestBed(timeScale: 0.1, brokers: 2)
        for topic in bed.flow.topics.all {
            for partition: Int32 in 0..<2 {
                bed.cluster.setPartitionLeader(topic: topic, partition: partition, broker: topic == blockedTopic ? 2 : 1)
            }
        }
        return bed
    }

    /// A missing ACL on one department's topic: its requests become undeliverable
    /// (record, dead letter, error in the history, metric), every other matter and the
    /// status flow on; once the cause is fixed, `hubctl resend` sends them again with
    /// their original ids and the applications complete.
    @Test func aDeniedDepartmentTopicSetsItsRequestsAsideAndOthersComplete() async throws {
        let bed = try Self.bed()
        bed.cluster.pushBrokerRequestErrors(broker: 2, apiKey: 0, code: RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED.rawValue,
                                            count: 10_000)
        let metrics = HubMetrics()
        bed.adjustOptions = { $0.metrics = metrics }
        try bed.startHub()
        let ids = (1...4).map { "GX-ACL-\($0)" }
        for id in ids { try await bed.channel.submit(ApplicationForms.full(id: id), id: id) }

        // Every other matter is approved; M08's request is set aside, not retried forever.
        for id in ids {
            let record = try await bed.waitFor(id, within: .seconds(60)) { record in
                record.matters.filter { $0.code != "M08" }.allSatisfy { $0.state == .approved }
            }
            #expect(record?.matter("M08")?.state == .sent)
        }
        #expect(try await eventually(within: .seconds(30)) { try bed.store.read { try $0.undeliverableCount() } == ids.count })
        let records = try bed.store.read { try $0.undeliverable(limit: 10) }
        #expect(Set(records.compactMap(\.applicationID)) == Set(ids))
        #expect(records.allSatisfy { $0.topic == Self.blockedTopic && $0.matter == "M08" && $0.errorCode == 29 })
        #expect(try bed.store.read { try $0.unsentOutbox(topic: Self.blockedTopic, limit: 10) }.isEmpty)
        #expect(try await eventually { bed.deadLetterCodes().filter { $0 == "undeliverable" }.count == ids.count })
        let letter = try #require(bed.deadLetters().first { MockKafka.header($0, "dlq_code") == "undeliverable" })
        #expect(MockKafka.header(letter, "dlq_topic") == Self.blockedTopic)
        #expect(MockKafka.header(letter, "dlq_direction") == "outgoing")
        #expect(MockKafka.header(letter, "dlq_reason")?.contains("uthorization") == true)
        #expect(MockKafka.header(letter, "ce_id")?.hasSuffix(":M08:r1") == true)
        #expect(try bed.history(ids[0]).contains { $0.kind == "error" && $0.matter == "M08" })
        #expect(metrics.registry.value(of: HubMetrics.undeliverableMessages, labels: ["topic": Self.blockedTopic]) == Double(ids.count))
        #expect(bed.statusEvents(ids[0]).contains("matter-approved"))

        // The ACL is fixed (here: the topic moves to the broker that accepts it); an
        // operator resends, and the original requests go out unchanged.
        for partition: Int32 in 0..<2 { bed.cluster.setPartitionLeader(topic: Self.blockedTopic, partition: partition, broker: 1) }
        // The hub's producer learns the new leader at its next metadata refresh (100 ms here).
        try await Task.sleep(for: .seconds(2))
        try bed.store.write { writer in
            for id in ids { try writer.recordOrder(applicationID: id, kind: .resend(matter: "M08"), requestedBy: "ops", at: Date()) }
        }
        for id in ids { #expect(try await bed.waitForOutcome(id, within: .seconds(60)) == .completed) }
        #expect(bed.departments.requests.current.filter { $0.hasSuffix(":M08:r1") }.count >= ids.count)
        #expect(try bed.store.read { try $0.undeliverableCount() } == 0)
        await bed.shutdown()
    }

    /// A topic that fails transiently for a while: applications keep being accepted and
    /// served by every other department meanwhile, and its requests catch up after.
    @Test func aTopicFailingForAWhileCatchesUpWhileOthersFlow() async throws {
        let bed = try Self.bed()
        // About 12 s of "not enough replicas" (retriable) for every produce to broker 2.
        bed.cluster.pushBrokerRequestErrors(broker: 2, apiKey: 0, code: RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue,
                                            count: 24, roundTripMilliseconds: 500)
        bed.adjustOptions = { options in
            options.kafkaProperties["message.timeout.ms"] = "1500"
            options.deliveryPatience = .seconds(1)
        }
        try bed.startHub()
        let first = (1...3).map { "GX-SLOW-\($0)" }
        for id in first { try await bed.channel.submit(ApplicationForms.full(id: id), id: id) }
        for id in first {
            try await bed.waitFor(id, within: .seconds(60)) { $0.matter("M01")?.state == .approved }
        }
        // While M08's topic still fails, a later application is accepted and served.
        let later = "GX-SLOW-LATER"
        try await bed.channel.submit(ApplicationForms.minimal(id: later), id: later)
        #expect(try await bed.waitForOutcome(later, within: .seconds(30)) == .completed)
        #expect(try bed.store.read { try $0.unsentOutbox(topic: Self.blockedTopic, limit: 10) }.count > 0
                    || bed.departments.requests.current.filter { $0.hasSuffix(":M08:r1") }.count < first.count)
        // Then the topic recovers and catches up: everything completes, nothing set aside.
        for id in first { #expect(try await bed.waitForOutcome(id, within: .seconds(90)) == .completed) }
        #expect(try bed.store.read { try $0.undeliverableCount() } == 0)
        #expect(bed.deadLetterCodes().isEmpty)
        await bed.shutdown()
    }

    /// A message larger than the producer's message.max.bytes never enters the outbox:
    /// it is recorded as undeliverable (too-large) and everything else flows.
    @Test func anOutgoingMessageTooLargeForKafkaIsSetAsideBeforeTheOutbox() async throws {
        let bed = try HubTestBed()
        // Small enough that a full application's status snapshot exceeds it.
        bed.adjustOptions = { $0.kafkaProperties["message.max.bytes"] = "1400" }
        try bed.startHub()
        let id = "GX-TOO-BIG-OUT"
        try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id)
        #expect(try await eventually(within: .seconds(30)) { try bed.store.read { try $0.undeliverableCount() } > 0 })
        let record = try #require(try bed.store.read { try $0.undeliverable(limit: 50) }.last)
        #expect(record.outboxID == 0)
        #expect(record.errorCode == -1)
        #expect(record.error.contains("message.max.bytes of 1400"))
        #expect(try bed.history(id).contains { $0.kind == "error" })
        #expect(try await eventually { bed.deadLetterCodes().contains("too-large") })
        let letter = try #require(bed.deadLetters().first { MockKafka.header($0, "dlq_code") == "too-large" })
        #expect(MockKafka.header(letter, "dlq_direction") == "outgoing")
        #expect((letter.value?.count ?? 0) <= MessageSizeLimit.keptPrefixBytes)
        // Smaller messages (requests) still flow: the department received M10.
        #expect(try await eventually { bed.departments.requests.current.contains("\(id):M10:r1") })
        await bed.shutdown()
    }
}
