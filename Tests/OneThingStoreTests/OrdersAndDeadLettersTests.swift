import Foundation
import Testing
@testable import OneThingStore
import OneThingTestSupport

@Suite struct OrdersAndDeadLettersTests {
    @Test func orderLifecycle() throws {
        let directory = try TemporaryDirectory()
        let hubd = try openStore(directory)
        try hubd.write { try $0.save(sampleRecord(id: "A1")) }

        // hubctl records orders through its own connection.
        let hubctl = try openStore(directory)
        let resend = try hubctl.write {
            try $0.recordOrder(applicationID: "A1", kind: .resend(matter: "M05"), requestedBy: "zhang", at: instant(1))
        }
        let withdraw = try hubctl.write {
            try $0.recordOrder(applicationID: "A1", kind: .withdraw(reason: "applicant asked by phone"), requestedBy: "li", at: instant(2))
        }
        #expect(storeError {
            try hubctl.write { _ = try $0.recordOrder(applicationID: "ghost", kind: .resend(matter: "M01"), requestedBy: "li", at: instant(2)) }
        } == .notFound("application ghost"))

        let pending = try hubd.read { try $0.pendingOrders() }
        #expect(pending == [
            AdminOrder(id: resend, applicationID: "A1", kind: .resend(matter: "M05"), requestedBy: "zhang", requestedAt: instant(1)),
            AdminOrder(id: withdraw, applicationID: "A1", kind: .withdraw(reason: "applicant asked by phone"), requestedBy: "li", requestedAt: instant(2)),
        ])
        #expect(try hubd.read { try $0.pendingOrders(limit: 1) }.map(\.id) == [resend])

        try hubd.write { try $0.completeOrder(id: resend, result: "Request for M05 sent again.", at: instant(3)) }
        #expect(storeError { try hubd.write { try $0.completeOrder(id: resend, result: "again", at: instant(4)) } }
                == .notFound("pending order \(resend)"))
        #expect(try hubd.read { try $0.pendingOrders() }.map(\.id) == [withdraw])

        let all = try hubctl.read { try $0.orders(applicationID: "A1") }
        #expect(all.count == 2)
        #expect(all[0].doneAt == instant(3))
        #expect(all[0].result == "Request for M05 sent again.")
        #expect(!all[0].isPending)
        #expect(all[1].isPending)
    }

    @Test func deadLettersNewestFirstWithLimit() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        func letter(_ index: Int) -> DeadLetterRecord {
            let key: [UInt8]? = index == 0 ? nil : [UInt8(index)]
            let value: [UInt8]? = index == 1 ? nil : Array("<xml/>".utf8)
            let headers = [StoredHeader(key: "ce_id", value: Array("r-\(index)".utf8))]
            return DeadLetterRecord(at: instant(Double(index)), code: "protocol", reason: "Reply \(index) lacks requestId.",
                                    topic: "retirement.replies.hrss", partition: Int32(index % 3),
                                    offset: Int64(1000 + index), key: key, value: value, headers: headers)
        }
        let letters = (0..<5).map(letter)
        let ids = try store.write { writer in try letters.map { letter throws(StoreError) in try writer.recordDeadLetter(letter) } }
        let newest = try store.read { try $0.deadLetters(limit: 3) }
        #expect(newest.map(\.id) == [ids[4], ids[3], ids[2]])
        var expected = letters[4]
        expected.id = ids[4]
        #expect(newest[0] == expected)
        let all = try store.read { try $0.deadLetters(limit: 100) }
        #expect(all.count == 5)
        #expect(all[4].key == nil)
        #expect(all[3].value == nil)
        #expect(try store.read { try $0.deadLetterCount() } == 5)
    }
}
