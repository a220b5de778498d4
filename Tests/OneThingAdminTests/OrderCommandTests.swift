import Foundation
import Testing
import OneThingStore
@testable import OneThingAdmin

@Suite struct OrderCommandTests {
    @Test func resendIsRecordedForHubdAndListedUntilDone() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("resend", "GX-OPEN-1", "M07", environment: ["USER": "wang.wu"])
        #expect(result.status == 0)
        #expect(result.standardOutput == """
            Order 2 recorded: a resend of M07 of GX-OPEN-1, requested by wang.wu.
            The running hubd carries it out; `hubctl show GX-OPEN-1` lists it until it is done.

            """)
        let orders = try fixture.store().read { try $0.pendingOrders() }
        #expect(orders.map(\.kind) == [.resend(matter: "M01"), .resend(matter: "M07")])
        #expect(orders.last?.requestedBy == "wang.wu")
        #expect(section("Pending orders", in: try fixture.hubctl("show", "GX-OPEN-1").standardOutput)
            .contains { $0.contains("2  resend M07  wang.wu") })
        // Once hubd completes it, show no longer lists it as pending.
        try fixture.store().write { try $0.completeOrder(id: 2, result: "Resent M07.", at: Date()) }
        let after = try fixture.hubctl("show", "GX-OPEN-1", "--json").json()
        #expect(after.array("pendingOrders").map { $0.int("id") ?? 0 } == [1])
        #expect(after.array("orders").last?.string("result") == "Resent M07.")
        let history = try fixture.store().read { try $0.history(applicationID: "GX-OPEN-1") }
        #expect(history.last?.kind == "order-recorded")
        #expect(history.last?.matter == "M07")
    }

    @Test func resendJSON() throws {
        let fixture = try StoreFixture()
        let json = try fixture.hubctl("resend", "GX-SUPP-5", "M01", "--json").json()
        #expect(json.bool("recorded") == true)
        #expect(json.int("orderId") == 2)
        #expect(json.string("kind") == "resend")
        #expect(json.string("matter") == "M01")
        #expect(json.isNull("reason"))
        #expect(json.string("requestedBy") == "tester")
    }

    @Test func pointlessResendsAreRefusedWithExitOne() throws {
        let fixture = try StoreFixture()
        let cases: [([String], String)] = [
            (["GX-OPEN-1", "M10"], "hubctl: matter M10 of GX-OPEN-1 is already final (approved); nothing to resend\n"),
            (["GX-OPEN-1", "M05"], "hubctl: matter M05 of GX-OPEN-1 has not been sent yet (waiting for its prerequisites); nothing to resend\n"),
            (["GX-OPEN-1", "M01"], "hubctl: a resend of M01 for GX-OPEN-1 is already pending (order 1)\n"),
            (["GX-OPEN-1", "M99"], "hubctl: application GX-OPEN-1 has no matter M99 (its matters: M10, M01, M04, M05, M06, M07, M08)\n"),
            (["GX-NOPE", "M01"], "hubctl: no application GX-NOPE in the store\n"),
            (["GX-DONE-2", "M05"], "hubctl: matter M05 of GX-DONE-2 is already final (approved); nothing to resend\n"),
        ]
        for (arguments, message) in cases {
            let result = try Hubctl.run(["--store", fixture.path, "resend"] + arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.standardError == message)
            #expect(result.standardOutput.isEmpty)
        }
        #expect(try fixture.store().read { try $0.pendingOrders() }.count == 1, "nothing recorded")
    }

    @Test func withdrawIsRecordedOnceAndRefusedWhenFinal() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("withdraw", "GX-OPEN-1", "--reason", "申请人撤回 applicant asked")
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("Order 2 recorded: the withdrawal of GX-OPEN-1, requested by tester.\n"))
        let order = try #require(try fixture.store().read { try $0.pendingOrders() }.last)
        #expect(order.kind == .withdraw(reason: "申请人撤回 applicant asked"))

        let again = try fixture.hubctl("withdraw", "GX-OPEN-1", "--reason", "twice")
        #expect(again.status == 1)
        #expect(again.standardError == "hubctl: a withdrawal of GX-OPEN-1 is already pending (order 2)\n")
        for id in ["GX-DONE-2", "GX-REJ-3", "GX-BAD-4"] {
            let final = try fixture.hubctl("withdraw", id, "--reason", "late")
            #expect(final.status == 1)
            #expect(final.standardError.contains("is already final"))
        }
        let unknown = try fixture.hubctl("withdraw", "GX-NOPE", "--reason", "x", "--json")
        #expect(unknown.status == 1)
        #expect(try unknown.json().object("error")?.string("message") == "no application GX-NOPE in the store")
        let missingReason = try fixture.hubctl("withdraw", "GX-OPEN-1")
        #expect(missingReason.status == 2)
        #expect(try fixture.store().read { try $0.pendingOrders() }.count == 2)
    }
}
