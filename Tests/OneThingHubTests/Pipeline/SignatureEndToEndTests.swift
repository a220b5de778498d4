import Foundation
import Testing
import OneThingCrypto
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// Signed messages end to end on the mock cluster: what a department or channel cannot
/// do without its own key and the request it was actually sent (see `MessageTrust`).
@Suite("End to end: signatures and request digests")
struct SignatureEndToEndTests {
    @Test func repliesMustBeSignedByTheirDepartmentAndQuoteTheRequestDigest() async throws {
        let bed = try HubTestBed(script: { _, _ in [] })   // the test answers by hand
        try bed.startHub()
        let a = "GX-SIG-A", b = "GX-SIG-B"
        try await bed.channel.submit(ApplicationForms.minimal(id: a), id: a)
        try await bed.channel.submit(ApplicationForms.minimal(id: b), id: b)
        let requestA = RequestID(applicationID: a, matter: "M10", revision: 1)
        let requestB = RequestID(applicationID: b, matter: "M10", revision: 1)
        #expect(try await eventually {
            let digests = bed.departments.digests.current
            return digests[requestA.description] != nil && digests[requestB.description] != nil
        })
        let digestA = try #require(bed.departments.digests.current[requestA.description])
        let digestB = try #require(bed.departments.digests.current[requestB.description])
        #expect(digestA != digestB && digestA.count == 64)
        #expect(try await eventually { try bed.record(a)?.matter("M10")?.requestDigests == [digestA] })

        let approval = ReplyDecision.approved(outputs: MatterOutputs.approved("M10"))
        let bodyA = try bed.flow.encodeReply(department: "police", matter: "M10", requestID: requestA, decision: approval)
        let bodyB = try bed.flow.encodeReply(department: "police", matter: "M10", requestID: requestB, decision: approval)
        let departments = bed.departments
        func replyToA(_ eventID: String, digest: String? = nil, signer: String? = nil) throws -> OutgoingMessage {
            try departments.replyMessage(department: "police", requestID: requestA.description, matter: "M10",
                                         body: bodyA.body, contentType: bodyA.contentType, eventID: eventID, key: a,
                                         digest: digest, signer: signer)
        }
        let producer = bed.channel.producer
        // Forged: the right department and key, but not the digest of the request sent.
        _ = try await producer.send(replyToA("forged", digest: String(repeating: "0", count: 64)))
        // Signed, but quoting no digest at all.
        _ = try await producer.send(replyToA("undigested", digest: ""))
        // Replayed for another application: B's digest on a reply to A's request.
        _ = try await producer.send(replyToA("replayed", digest: digestB))
        // B's genuine reply relabelled as an answer to A's request: its signature breaks.
        var relabelled = try departments.replyMessage(department: "police", requestID: requestB.description, matter: "M10",
                                                      body: bodyB.body, contentType: bodyB.contentType, eventID: "relabelled",
                                                      key: a)
        relabelled.headers = relabelled.headers.map {
            $0.key == "ce_inreplyto" ? KafkaHeader(key: $0.key, value: Array(requestA.description.utf8)) : $0
        }
        _ = try await producer.send(relabelled)
        // Signed with another department's key, as that department, on police's topic.
        _ = try await producer.send(replyToA("other-department", signer: "/departments/hrss"))
        // Signed with another department's key while claiming to be police.
        var claimed = try replyToA("claimed")
        let unsignedHeaders = claimed.headers.filter { !MessageSignature.headerNames.contains($0.key) }
        let forgedSignature = try MessageSignature.sign(key: claimed.key, headers: unsignedHeaders.map { (key: $0.key, value: $0.value) },
                                                        value: claimed.value, signer: "/departments/police",
                                                        with: TestKeys.key("/departments/hrss"))
        claimed.headers = unsignedHeaders + forgedSignature.map { KafkaHeader(key: $0.key, value: $0.value) }
        _ = try await producer.send(claimed)
        // Tampered after signing.
        var tampered = try replyToA("tampered")
        tampered.value = Array(String(decoding: bodyA.body, as: UTF8.self).replacingOccurrences(of: "<", with: " <").utf8)
        _ = try await producer.send(tampered)
        // Not signed, from a department whose policy is `required` (the default).
        var unsigned = try replyToA("unsigned")
        unsigned.headers = unsignedHeaders
        _ = try await producer.send(unsigned)
        // The genuine reply, last on the same partition: once it is applied, all of the above were read.
        try await bed.departments.reply(to: requestA, decision: approval, eventID: "genuine")
        try await bed.waitFor(a) { $0.matter("M10")?.state == .approved }

        let expected = ["bad-request-digest", "bad-request-digest", "bad-request-digest",
                        "bad-signature", "bad-signature", "bad-signature", "bad-signature", "bad-signature"]
        #expect(try await eventually { bed.deadLetterCodes().sorted() == expected })
        let history = try bed.history(a)
        let refused: Set = ["forged", "undigested", "replayed", "relabelled", "other-department", "claimed", "tampered", "unsigned"]
        #expect(!history.contains { $0.kind == "reply" && refused.contains($0.eventID ?? "") })
        #expect(history.contains { $0.kind == "reply" && $0.eventID == "genuine" })
        #expect(history.filter { $0.kind == "bad-request-digest" }.count == 3)
        #expect(try bed.record(b)?.matter("M10")?.state == .sent)

        // What the hub produces is signed by the hub.
        let ring = try TestKeys.trust().ring
        let status = try #require(bed.recorder.on(bed.flow.topics.status).last)
        #expect(MessageSignature.verify(key: status.key, headers: status.headers.map { (key: $0.key, value: $0.value) },
                                        value: status.value, ring: ring) == .valid(signer: "/hub"))
        await bed.shutdown()
    }

    @Test func intakeMustBeSignedByAChannelUnlessItsPolicyLetsUnsignedThrough() async throws {
        let bed = try HubTestBed()
        let metrics = HubMetrics()
        try bed.startHub(customize: { options in
            options.metrics = metrics
            options.trust?.policies = SenderPolicies(bySender: ["/channels/bank": .verifyIfPresent])
        })
        let unsignedChannel = try Channel(cluster: bed.cluster, flow: bed.flow, signs: false)
        let submitted = bed.flow.eventTypes.submitted
        func form(_ id: String) -> [UInt8] { ApplicationForms.minimal(id: id).serialized() }

        // Unsigned from a channel that must sign.
        try await unsignedChannel.send(type: submitted, key: "GX-SIG-UNSIGNED", data: form("GX-SIG-UNSIGNED"))
        // Unsigned from a channel still migrating: let through, counted.
        try await unsignedChannel.send(type: submitted, key: "GX-SIG-BANK", data: form("GX-SIG-BANK"), source: "/channels/bank")
        // Signed by a department, not a channel.
        try await bed.channel.send(type: submitted, key: "GX-SIG-DEPT", data: form("GX-SIG-DEPT"), source: "/departments/hrss")
        // Signed by the bank, claiming to come from the online hall.
        let event = CloudEvent(id: "claimed", source: "/channels/online", type: submitted, time: HubTimeText.now,
                               subject: "GX-SIG-CLAIM", contentType: "application/json", data: form("GX-SIG-CLAIM"))
        let binary = CloudEventCodec.encodeBinary(event)
        let claimed = OutgoingMessage(topic: bed.flow.topics.applications, key: Array("GX-SIG-CLAIM".utf8), value: binary.value,
                                      headers: binary.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
        _ = try await bed.channel.producer.send(TestKeys.sign(claimed, as: "/channels/bank"))
        // Tampered after signing.
        var tampered = try TestKeys.sign(OutgoingMessage(topic: claimed.topic, key: Array("GX-SIG-TAMPER".utf8),
                                                         value: form("GX-SIG-TAMPER"), headers: claimed.headers),
                                         as: "/channels/online")
        tampered.value = form("GX-SIG-TAMPERED")
        _ = try await bed.channel.producer.send(tampered)
        // Signed properly.
        try await bed.channel.submit(ApplicationForms.minimal(id: "GX-SIG-OK"), id: "GX-SIG-OK")

        try await bed.waitFor("GX-SIG-OK") { $0.state != .invalid && $0.acceptedAt != nil }
        try await bed.waitFor("GX-SIG-BANK") { $0.state != .invalid && $0.acceptedAt != nil }
        #expect(try await eventually { bed.deadLetterCodes() == Array(repeating: "bad-signature", count: 4) })
        for refused in ["GX-SIG-UNSIGNED", "GX-SIG-DEPT", "GX-SIG-CLAIM", "GX-SIG-TAMPER", "GX-SIG-TAMPERED"] {
            #expect(try bed.record(refused) == nil)
            #expect(bed.statuses(refused).isEmpty)
        }
        #expect(metrics.registry.value(of: HubMetrics.unsignedMessages, labels: ["sender": "/channels/bank"]) == 1)
        #expect(metrics.registry.value(of: HubMetrics.unsignedMessages, labels: ["sender": "/channels/online"]) == nil)
        await bed.shutdown()
    }
}
