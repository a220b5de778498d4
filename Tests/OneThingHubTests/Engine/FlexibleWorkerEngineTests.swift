import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

/// A flexible worker's application (灵活就业人员, no employer) runs through the hub like
/// any other; the family-planning reward is listed as not applicable, and the requests
/// that name an employer name none.
@Suite("Engine: flexible workers")
struct FlexibleWorkerEngineTests {
    @Test func aFlexibleWorkerIsAcceptedAndCompletesWithoutTheReward() throws {
        var hub = EngineHarness()
        var form = ApplicationForms.base()
        form["applicationId"] = .string(hub.id)
        form["employer"] = nil
        form["insuredCategory"] = .string("flexible")
        hub.submit(.object(form))
        let record = try #require(hub.record)
        #expect(record.state == .accepted)
        #expect(record.matters.map(\.code) == ["M10", "M01", "M04", "M05", "M06", "M07", "M08"])
        #expect(record.notApplicable.contains { $0.matter == "M09" && $0.reason.contains("flexible") })
        for code in ["M10", "M01", "M04", "M07", "M05", "M06", "M08"] { hub.approve(code) }
        #expect(hub.record?.outcome == .completed)
        let eligibility = try #require(hub.messages.first { $0.key == hub.id && String(decoding: $0.value, as: UTF8.self).contains("\"AAB998\"") })
        #expect(String(decoding: eligibility.value, as: UTF8.self).contains("\"AAB998\":null"))
    }
}
