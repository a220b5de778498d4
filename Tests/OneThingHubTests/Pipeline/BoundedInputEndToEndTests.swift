import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

@Suite("End to end: one careless sender cannot stop the hub")
struct BoundedInputEndToEndTests {
    /// ~700 KB: a valid form plus 50,000 unknown fields, each a validation issue.
    static func hugeForm(id: String) -> JSONValue {
        var form = ApplicationForms.base()
        form["applicationId"] = .string(id)
        for index in 0..<50_000 { form["field\(index)"] = .string("v") }
        return .object(form)
    }

    /// The reported failure: after such an intake no later application finished (0 of
    /// 10 in 90 s). With the default limit it is refused before it is parsed.
    @Test func aHugeIntakeIsATooLargeDeadLetterAndLaterApplicationsFinish() async throws {
        let bed = try HubTestBed()
        try bed.startHub()
        let form = Self.hugeForm(id: "GX-HUGE-1").serialized()
        #expect(form.count > 600_000)
        try await bed.channel.submit(Self.hugeForm(id: "GX-HUGE-1"), id: "GX-HUGE-1")
        let later = (1...10).map { "GX-AFTER-\($0)" }
        for id in later { try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id) }
        for id in later { #expect(try await bed.waitForOutcome(id) == .completed) }

        #expect(try await eventually { bed.deadLetterCodes() == ["too-large"] })
        let letter = try #require(bed.deadLetters().first)
        #expect(letter.value?.count == MessageSizeLimit.keptPrefixBytes)
        let size = try #require(MockKafka.header(letter, "dlq_size").flatMap { Int($0) })
        #expect(size > form.count)
        #expect(MockKafka.header(letter, "dlq_sha256")?.count == 64)
        #expect(MockKafka.header(letter, "dlq_reason")?.contains("over the limit of 262144 bytes") == true)
        #expect(MockKafka.header(letter, "ce_id") != nil)   // the original headers are kept
        // The channel hears of it: one invalid status with one issue.
        #expect(try await eventually { bed.statusEvents("GX-HUGE-1") == ["invalid"] })
        let errors = try #require(bed.statuses("GX-HUGE-1").first?["errors"]?.arrayValue)
        #expect(errors.count == 1)
        #expect(errors.first?.objectValue?["code"]?.stringValue == "too-large")
        let stored = try #require(try bed.store.read { try $0.deadLetters(limit: 5) }.first)
        #expect(stored.code == "too-large")
        #expect(stored.value?.count == MessageSizeLimit.keptPrefixBytes)
        await bed.shutdown()
    }

    /// With the limit raised so the same intake is read and validated, its report is
    /// bounded (100 issues and the count of the rest) and nothing behind it waits.
    @Test func aHugeIntakeReadUnderARaisedLimitGetsABoundedReport() async throws {
        let bed = try HubTestBed()
        bed.adjustOptions = { $0.maxMessageBytes = 4_000_000 }
        try bed.startHub()
        try await bed.channel.submit(Self.hugeForm(id: "GX-HUGE-2"), id: "GX-HUGE-2")
        let later = (1...10).map { "GX-NEXT-\($0)" }
        for id in later { try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id) }
        for id in later { #expect(try await bed.waitForOutcome(id, within: .seconds(30)) == .completed) }
        #expect(try await eventually { bed.statusEvents("GX-HUGE-2") == ["invalid"] })
        let errors = try #require(bed.statuses("GX-HUGE-2").first?["errors"]?.arrayValue)
        #expect(errors.count == 101)
        #expect(errors.last?.objectValue?["code"]?.stringValue == "more-issues")
        await bed.shutdown()
    }

    @Test func aHugeReplyIsATooLargeDeadLetterOnly() async throws {
        let bed = try HubTestBed(script: { _, _ in [] })
        bed.adjustOptions = { $0.maxMessageBytes = 8_192 }
        try bed.startHub()
        let id = "GX-BIG-REPLY"
        try await bed.channel.submit(ApplicationForms.minimal(id: id), id: id)
        #expect(try await eventually { bed.departments.requests.current.contains("\(id):M10:r1") })
        let padding = String(repeating: "长", count: 5_000)
        try await bed.departments.sendReply(department: "police", requestID: "\(id):M10:r1", matter: "M10",
                                            body: Array("<HJXXQRJG><QQBH>\(id):M10:r1</QQBH><BZ>\(padding)</BZ></HJXXQRJG>".utf8),
                                            contentType: "application/xml", eventID: "police-big")
        #expect(try await eventually { bed.deadLetterCodes() == ["too-large"] })
        let letter = try #require(bed.deadLetters().first)
        #expect(MockKafka.header(letter, "dlq_topic") == "retirement.replies.police")
        #expect(letter.value?.count == MessageSizeLimit.keptPrefixBytes)
        #expect(try bed.record(id)?.matter("M10")?.state == .sent)
        #expect(bed.statusEvents(id) == ["accepted"])
        await bed.shutdown()
    }
}
