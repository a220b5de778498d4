import Foundation
import Testing
import OneThingExchange

/// The data of an order on a flow's orders topic (`AdministratorOrder`).
@Suite struct AdministratorOrderTests {
    private let at = Date(timeIntervalSince1970: 1_796_000_000.25)

    @Test func bothKindsRoundTrip() throws {
        for kind in [AdministratorOrder.Kind.resend(matter: "N1"), .withdraw(reason: "申请人撤回 applicant asked")] {
            let order = AdministratorOrder(applicationID: "NB-7", kind: kind, requestedBy: "王五", requestedAt: at)
            let decoded = try AdministratorOrder.decode(order.encoded()).get()
            #expect(decoded == order)
        }
    }

    @Test func unusableOrdersSayWhy() {
        func problem(_ text: String) -> String? {
            if case .failure(let error) = AdministratorOrder.decode(Array(text.utf8)) { return error.description }
            return nil
        }
        let valid = #""application":"NB-7","requestedBy":"op","requestedAt":"2026-12-06T11:00:00Z""#
        #expect(problem("[1]")?.contains("not a JSON object") == true)
        #expect(problem(#"{"kind":"resend","matter":"N1","requestedBy":"op","requestedAt":"2026-12-06T11:00:00Z"}"#)?
            .contains("names no application") == true)
        #expect(problem("{\(valid),\"kind\":\"resend\"}")?.contains("names no matter") == true)
        #expect(problem("{\(valid),\"kind\":\"withdraw\"}")?.contains("no reason") == true)
        #expect(problem("{\(valid),\"kind\":\"delete\"}")?.contains("unknown order kind 'delete'") == true)
        #expect(problem(#"{"application":"NB-7","kind":"withdraw","reason":"r","requestedBy":"op","requestedAt":"yesterday"}"#)?
            .contains("RFC 3339") == true)
        #expect(problem(#"{"application":"NB-7","kind":"withdraw","reason":"r","requestedAt":"2026-12-06T11:00:00Z"}"#)?
            .contains("operator") == true)
        #expect(problem("{\(valid),\"kind\":\"withdraw\",\"reason\":\"r\"}") == nil)
    }
}
