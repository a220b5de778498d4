import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Engine: timers")
struct TimerTests {
    @Test func unacknowledgedRequestIsResentThreeTimesThenStalledOnce() throws {
        var hub = EngineHarness()
        hub.submit()
        for attempt in 1...3 {
            hub.tick(at: 599)
            #expect(hub.lastRequestIDs.isEmpty)
            hub.tick(at: 1)
            #expect(hub.lastRequestIDs == ["GX-T-0001:M10:r1"], "resend \(attempt)")
            #expect(hub.record?.matter("M10")?.resends == attempt)
        }
        hub.tick(at: 600)
        #expect(hub.lastRequestIDs.isEmpty)
        #expect(hub.lastEvents == ["matter-stalled"])
        #expect(hub.record?.matter("M10")?.stalled == true)
        hub.tick(at: 600)
        #expect(hub.last.messages.isEmpty)

        // A late reply is still accepted.
        hub.approve("M10")
        #expect(hub.state("M10") == .approved)
        #expect(hub.record?.matter("M10")?.stalled == false)
        #expect(Set(hub.lastRequestIDs) == ["GX-T-0001:M01:r1", "GX-T-0001:M04:r1"])
    }

    @Test func acknowledgedRequestIsNotResent() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .received)
        hub.tick(at: 3000)
        #expect(hub.lastRequestIDs.isEmpty)
    }

    @Test func dueSoonAtTheFractionAndOverdueAtTheDeadlineOnce() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .received)
        // M10: 1 working day, to 24:00 the next day; due soon at 80 % of that span.
        let span = EngineHarness.identitySpan
        hub.tick(at: 0.8 * span - 1)
        #expect(hub.lastEvents.isEmpty)
        hub.tick(at: 1)
        #expect(hub.lastEvents == ["matter-due-soon"])
        hub.tick(at: 1)
        #expect(hub.lastEvents.isEmpty)
        hub.tick(at: 0.2 * span - 1)
        #expect(hub.lastEvents == ["matter-overdue"])
        #expect(hub.record?.matter("M10")?.overdueNotified == true)
        hub.tick(at: 3600)
        #expect(hub.lastEvents.isEmpty)
        // Left to watch: the red supervision card at 150 % of the limit, then the
        // application's own deadline.
        let sentAt = try #require(hub.record?.matter("M10")?.sentAt)
        #expect(hub.record?.nextTimerAt == sentAt.addingTimeInterval(1.5 * span))
        hub.tick(at: 0.5 * span)
        #expect(hub.record?.nextTimerAt == hub.record?.deadline)
    }

    @Test func timeScaleShrinksEveryDuration() throws {
        var hub = EngineHarness(timeScale: 0.001)
        hub.submit()
        #expect(hub.record?.nextTimerAt == hub.now.addingTimeInterval(0.6))
        #expect(hub.record?.deadline == hub.now.addingTimeInterval(EngineHarness.overallSpan * 0.001))
        #expect(hub.record?.matter("M10")?.deadline == hub.now.addingTimeInterval(EngineHarness.identitySpan * 0.001))
        hub.tick(at: 0.61)
        #expect(hub.lastRequestIDs == ["GX-T-0001:M10:r1"])
    }

    @Test func supplementPauseMovesTheOverdueInstant() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.reply("M10", .received)
        hub.advance(seconds: 0.5 * 86_400)
        hub.reply("M10", .supplementRequired(reason: "补充"))
        hub.tick(at: 86_400)   // paused: no warnings while waiting for the applicant
        #expect(hub.lastEvents.isEmpty)
        hub.apply(.supplemented(eventID: hub.nextEventID(), data: SupplementTests.supplement(
            hub.id, matter: "M10", changes: SupplementTests.phoneChange)))
        let deadline = try #require(hub.record?.matter("M10")?.deadline)
        let left = EngineHarness.identitySpan - 0.5 * 86_400
        #expect(deadline == hub.now.addingTimeInterval(left))
        hub.reply("M10", .received)
        hub.tick(at: left - 1)
        #expect(!hub.lastEvents.contains("matter-overdue"))
        hub.tick(at: 2)
        #expect(hub.lastEvents.contains("matter-overdue"))
    }

    @Test func rfc3339UsesChinaStandardTime() {
        #expect(HubTime.rfc3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T08:00:00+08:00")
        #expect(HubTime.rfc3339(Date(timeIntervalSince1970: 1_795_000_000.9)) == "2026-11-18T19:06:40+08:00")
        #expect(HubTime.rfc3339(Date(timeIntervalSince1970: -1)) == "1970-01-01T07:59:59+08:00")
        #expect(HubTime.rfc3339(Date(timeIntervalSince1970: 253_402_271_999)) == "9999-12-31T23:59:59+08:00")
        // Outside the four-digit fast path: as many year digits as needed, or a sign.
        #expect(HubTime.rfc3339(Date(timeIntervalSince1970: 253_402_272_000)) == "10000-01-01T00:00:00+08:00")
        #expect(HubTime.rfc3339(Date(timeIntervalSince1970: -62_167_248_001)) == "-0001-12-31T23:59:59+08:00")
    }

    @Test func contentDigestIgnoresKeyOrder() {
        let form = ApplicationForms.full(id: "X")
        #expect(ContentDigest.of(form) == ContentDigest.of(ApplicationForms.reordered(form)))
        #expect(ContentDigest.of(form) != ContentDigest.of(ApplicationForms.minimal(id: "X")))
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // The digest hashes sorted keys written directly; stored digests were taken over
        // the sorted tree: both must be the same bytes.
        for document in [form, ApplicationForms.reordered(form), ApplicationForms.minimal(id: "Y"),
                         JSONValue.object(JSONObject([("b", .array([.object(JSONObject([("z", .int(1)), ("a", .null)]))])),
                                                      ("a", .double(1.5)), ("é", .bool(false)), ("Z", .string("x"))]))] {
            #expect(document.serializedWithSortedKeys() == ContentDigest.canonical(document).serialized())
        }
    }
}
