import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// Inputs that reach their owner through the repartition topic. The forwarded copy is an
/// outbox row like any other, so a crash between its publication and the mark that it
/// was published sends it again: the owner then reads one input at two positions of the
/// repartition topic, and must give it one effect.
@Suite("Forwarded inputs")
struct ForwardedInputTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    let flow = TestFlow.retirement

    /// Found by deploy/e2e/chaos: an oversized intake that arrived on a stray partition,
    /// forwarded, republished after a kill -9, became two dead letters and two `invalid`
    /// status events with different ids (dead letters were de-duplicated by the
    /// repartition topic's position, which differs between the copies).
    @Test func aForwardedBadIntakeDeliveredTwiceIsOneDeadLetterAndOneInvalidStatus() throws {
        let (core, directory) = try ownerOfEveryPartition()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let id = "GX-FWD-BIG"
        let value = Array(repeating: UInt8(ascii: "x"), count: MessageSizeLimit.defaultMaxMessageBytes + 1)
        let first = try core.process(core.route([forwardedCopy(of: id, value: value, at: 41, core: core)]), now: Self.now)
        let second = try core.process(core.route([forwardedCopy(of: id, value: value, at: 45, core: core)]), now: Self.now)

        #expect(first.outbox.filter { $0.topic == flow.topics.deadletter }.count == 1)
        #expect(first.outbox.filter { $0.topic == flow.topics.status }.count == 1)
        #expect(second.outbox.map(\.topic) == [])
        #expect(second.duplicates == 1)
        #expect(try core.store.read { try $0.deadLetterCount() } == 1)
        #expect(try core.store.read { try $0.history(applicationID: id) }.count == 1)
    }

    /// The same for an intake that is not JSON at all (any dead letter that tells an
    /// application), and the contrast: a well-formed forwarded intake was always
    /// de-duplicated by its `ce_source` + `ce_id`.
    @Test func anyForwardedInputDeliveredTwiceHasOneEffect() throws {
        let (core, directory) = try ownerOfEveryPartition()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = Array("{not json".utf8)
        let good = ApplicationForms.minimal(id: "GX-FWD-OK").serialized()
        for (id, value) in [("GX-FWD-BROKEN", broken), ("GX-FWD-OK", good)] {
            let first = try core.process(core.route([forwardedCopy(of: id, value: value, at: 7, core: core)]), now: Self.now)
            let second = try core.process(core.route([forwardedCopy(of: id, value: value, at: 9, core: core)]), now: Self.now)
            #expect(!first.outbox.isEmpty, "\(id)")
            #expect(second.outbox.map(\.topic) == [], "\(id)")
            #expect(second.duplicates == 1, "\(id)")
        }
        #expect(try core.store.read { try $0.deadLetterCount() } == 1)
    }

    /// Found by deploy/e2e/chaos too: an oversized intake on a stray partition was
    /// forwarded whole, through the outbox and the repartition topic. Only a bounded copy
    /// goes, and the owner's dead letter still reports the original's size and digest.
    @Test func aTooLargeIntakeOnAStrayPartitionIsForwardedAsABoundedCopy() throws {
        let (core, directory) = try ownerOfEveryPartition()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let id = "GX-FWD-HUGE"
        let owner = try #require(core.ownership?.ownerPartition(of: id))
        let value = Array(repeating: UInt8(ascii: "y"), count: 900_000)
        let original = ConsumedMessage(topic: flow.topics.applications, partition: (owner + 1) % 3, offset: 12,
                                       key: Array(id.utf8), value: value,
                                       headers: intakeHeaders(of: id).map { KafkaHeader(key: $0.0, value: Array($0.1.utf8)) },
                                       timestamp: nil)
        let received = try core.process(core.route([original]), now: Self.now)
        let copy = try #require(received.outbox.first { $0.topic == flow.topics.repartition })
        #expect(received.outbox.map(\.topic) == [flow.topics.repartition], "nothing but the copy where it arrived")
        #expect(copy.value.count == MessageSizeLimit.keptPrefixBytes)
        #expect(copy.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.count } < 2 * MessageSizeLimit.keptPrefixBytes)

        let delivered = ConsumedMessage(topic: flow.topics.repartition, partition: owner, offset: 3, key: copy.key,
                                        value: copy.value,
                                        headers: copy.headers.map { KafkaHeader(key: $0.key, value: $0.value) }, timestamp: nil)
        let owned = try core.process(core.route([delivered]), now: Self.now)
        let letter = try #require(owned.outbox.first { $0.topic == flow.topics.deadletter })
        #expect(header(letter, "dlq_code") == DeadLetterVerdict.tooLarge)
        #expect(header(letter, "dlq_size") == String(MessageSizeLimit.size(of: original)))
        #expect(header(letter, "dlq_sha256") == SHA256.hex(value))
        #expect(header(letter, "ce_id") == "\(id)-submitted")
        #expect(letter.value.count == MessageSizeLimit.keptPrefixBytes)
        let status = try #require(owned.outbox.first { $0.topic == flow.topics.status })
        #expect(try JSONValue(parsing: status.value).objectValue?["state"]?.stringValue == "invalid")

        // A sender cannot pass its own small message off as a refused one.
        let spoofed = ConsumedMessage(topic: flow.topics.applications, partition: owner, offset: 13, key: Array("GX-SPOOF".utf8),
                                      value: ApplicationForms.minimal(id: "GX-SPOOF").serialized(),
                                      headers: (intakeHeaders(of: "GX-SPOOF") + [(Forwarding.tooLargeSizeHeader, "999999"),
                                                                                  (Forwarding.tooLargeSHA256Header, "00")])
                                          .map { KafkaHeader(key: $0.0, value: Array($0.1.utf8)) }, timestamp: nil)
        let work = try core.process(core.route([spoofed]), now: Self.now)
        #expect(!work.outbox.contains { $0.topic == flow.topics.deadletter })
    }

    /// With signatures checked: the instance where a signed too-large intake arrives
    /// verifies it whole, then forwards the bounded copy; the owner cannot verify the cut
    /// copy again, and must still refuse it as too-large and tell the application, not
    /// take it for a bad signature. An unsigned one is refused where it arrives.
    @Test func aSignedTooLargeIntakeForwardedIsTooLargeAtItsOwnerNotABadSignature() throws {
        let (core, directory) = try ownerOfEveryPartition(trust: TestKeys.trust())
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let id = "GX-FWD-SIGNED-HUGE"
        let owner = try #require(core.ownership?.ownerPartition(of: id))
        let value = Array(repeating: UInt8(ascii: "z"), count: 600_000)
        let headers = intakeHeaders(of: id, source: "/channels/online").map { KafkaHeader(key: $0.0, value: Array($0.1.utf8)) }
        let signed = try TestKeys.sign(OutgoingMessage(topic: flow.topics.applications, key: Array(id.utf8), value: value,
                                                       headers: headers), as: "/channels/online")
        let original = ConsumedMessage(topic: flow.topics.applications, partition: (owner + 1) % 3, offset: 21,
                                       key: signed.key, value: signed.value, headers: signed.headers, timestamp: nil)
        let received = try core.process(core.route([original]), now: Self.now)
        let copy = try #require(received.outbox.first { $0.topic == flow.topics.repartition }, "\(received.outbox.map(\.topic))")

        let delivered = ConsumedMessage(topic: flow.topics.repartition, partition: owner, offset: 5, key: copy.key,
                                        value: copy.value,
                                        headers: copy.headers.map { KafkaHeader(key: $0.key, value: $0.value) }, timestamp: nil)
        let owned = try core.process(core.route([delivered]), now: Self.now)
        let letter = try #require(owned.outbox.first { $0.topic == flow.topics.deadletter })
        #expect(header(letter, "dlq_code") == DeadLetterVerdict.tooLarge)
        #expect(header(letter, "dlq_sha256") == SHA256.hex(value))
        let status = try #require(owned.outbox.first { $0.topic == flow.topics.status }, "no status for the application")
        #expect(try JSONValue(parsing: status.value).objectValue?["state"]?.stringValue == "invalid")

        let unsigned = ConsumedMessage(topic: flow.topics.applications, partition: (owner + 1) % 3, offset: 22,
                                       key: Array(id.utf8), value: value, headers: headers, timestamp: nil)
        let refused = try core.process(core.route([unsigned]), now: Self.now)
        #expect(!refused.outbox.contains { $0.topic == flow.topics.repartition }, "an unsigned message was forwarded")
        #expect(refused.outbox.contains { $0.topic == flow.topics.deadletter && header($0, "dlq_code") != DeadLetterVerdict.tooLarge })
    }

    private func header(_ row: OutboxMessage, _ name: String) -> String? {
        row.headers.last { $0.key == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    private func intakeHeaders(of id: String, source: String = "/channels/test") -> [(String, String)] {
        [("ce_specversion", "1.0"), ("ce_id", "\(id)-submitted"), ("ce_source", source),
         ("ce_type", flow.eventTypes.submitted), ("ce_subject", id), ("content-type", "application/json")]
    }

    /// A pipeline that owns every partition of a three-partition flow, on a fresh store.
    private func ownerOfEveryPartition(trust: MessageTrust? = nil) throws -> (PipelineCore, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("forwarded-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let inputs = HubService.inputTopics(of: flow)
        let ownership = PartitionOwnership(inputTopics: inputs, partitionCount: 3)
        ownership.apply(AssignmentChange(kind: .assigned, partitions: inputs.flatMap { topic in
            (0..<3).map { TopicPartition(topic: topic, partition: Int32($0)) }
        }, generation: 1))
        let core = PipelineCore(engine: HubEngine(flow: flow), store: try CorrelationStore(path: directory + "/hub.sqlite"),
                                ownership: ownership, trust: trust)
        return (core, directory)
    }

    /// The copy of an intake that arrived at offset 83 of a stray partition, as the
    /// repartition topic delivers it to the owner partition at `offset`.
    private func forwardedCopy(of id: String, value: [UInt8], at offset: Int64, core: PipelineCore) -> ConsumedMessage {
        let owner = core.ownership?.ownerPartition(of: id) ?? 0
        let headers = intakeHeaders(of: id) + [(Forwarding.originTopicHeader, flow.topics.applications),
                                                (Forwarding.originPartitionHeader, String((owner + 1) % 3)),
                                                (Forwarding.originOffsetHeader, "83")]
        return ConsumedMessage(topic: flow.topics.repartition, partition: owner, offset: offset, key: Array(id.utf8),
                               value: value, headers: headers.map { KafkaHeader(key: $0.0, value: Array($0.1.utf8)) },
                               timestamp: nil)
    }
}
