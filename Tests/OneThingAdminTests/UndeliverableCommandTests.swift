import Foundation
import Testing
import OneThingStore
@testable import OneThingAdmin

/// Outgoing messages Kafka refused for good, as hubctl shows and resends them.
@Suite struct UndeliverableCommandTests {
    /// What hubd records when Kafka refuses a cancel of GX-DONE-2's M05 for good.
    private func setAside(in fixture: StoreFixture) throws {
        let headers = [StoredHeader(key: "ce_id", value: Array("GX-DONE-2:M05:r1:cancel".utf8)),
                       StoredHeader(key: "ce_matter", value: Array("M05".utf8))]
        try fixture.store().write { writer in
            let row = try writer.enqueue(topic: "retirement.requests.hrss", key: Array("GX-DONE-2".utf8), value: Array("{}".utf8),
                                         headers: headers, at: Date())
            try writer.setAside(outboxID: row, applicationID: "GX-DONE-2", matter: "M05", errorCode: 29,
                                error: "Broker: Topic authorization failed", at: Date())
            try writer.recordDeadLetter(DeadLetterRecord(
                at: Date(), code: "undeliverable", reason: "Kafka refused the hub's message to retirement.requests.hrss for good",
                topic: "retirement.requests.hrss", partition: -1, offset: -1, key: Array("GX-DONE-2".utf8), value: Array("{}".utf8),
                headers: headers + [StoredHeader(key: "dlq_direction", value: Array("outgoing".utf8))]))
        }
    }

    @Test func deadLettersMarkTheHubsOwnUndeliverableMessages() throws {
        let fixture = try StoreFixture()
        try setAside(in: fixture)
        let text = try fixture.hubctl("deadletters").standardOutput
        #expect(text.contains("outgoing to retirement.requests.hrss (undeliverable)"))
        let json = try fixture.hubctl("deadletters", "--json").json()
        let letter = try #require(json.array("deadLetters").first)
        #expect(letter.string("code") == "undeliverable")
        #expect(letter.string("direction") == "outgoing")
    }

    /// The matter is final, yet its undeliverable message may be sent again.
    @Test func resendOfAMatterWithAnUndeliverableMessageIsRecorded() throws {
        let fixture = try StoreFixture()
        let refused = try Hubctl.run(["--store", fixture.path, "resend", "GX-DONE-2", "M05"])
        #expect(refused.status == 1)
        try setAside(in: fixture)
        let result = try fixture.hubctl("resend", "GX-DONE-2", "M05")
        #expect(result.status == 0)
        #expect(try fixture.store().read { try $0.pendingOrders() }.contains { $0.kind == .resend(matter: "M05") })
    }
}
