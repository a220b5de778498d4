import Foundation
import Testing
import OneThingStore
@testable import OneThingAdmin

@Suite struct ShowCommandTests {
    @Test func textHasSummaryMattersOrdersGraphAndMaskedDocument() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("show", "GX-OPEN-1", "--catalogue", checkoutCatalogue)
        #expect(result.status == 0)
        let text = result.standardOutput
        #expect(text.hasPrefix("Application GX-OPEN-1 (flow retirement)\n  state           in-progress\n"))
        #expect(text.contains("  not applicable  M09: employer is fiscal-funded\n"))
        #expect(text.contains("(in 9d 23h)") || text.contains("(in 10d 00h)"), "deadline distance: \(text)")

        let matters = section("Matters", in: text)
        #expect(matters.first == "  MATTER  DEPARTMENT  STATE               REV  DEADLINE             SENT                 RECEIVED             FINAL                REASON")
        #expect(matters.dropFirst().map { String($0.dropFirst(2).prefix(3)) } == ["M10", "M01", "M04", "M05", "M06", "M07", "M08"])
        #expect(matters.contains { $0.hasPrefix("  M05     hrss        waiting               0  -") })
        #expect(matters.contains { $0.hasPrefix("  M01     hrss        sent (due soon)       1  ") })
        #expect(matters.contains { $0.hasPrefix("  M07     medicare    received (OVERDUE)    1  ") })

        let outputs = section("Outputs", in: text)
        #expect(outputs.contains("  M10     confirmationNo=HJ2026112200017, hukouRegion=450103, hukouAddress=**************"))
        #expect(outputs.contains("  M04     deemedMonths=72"))

        let orders = section("Pending orders", in: text)
        #expect(orders.count == 2)
        #expect(orders.last?.contains("resend M01  alice") == true)

        #expect(section("Matter graph", in: text) == [
            "  M10 户籍信息确认 hukou confirmation [police] approved",
            "  ├── M01 待遇资格确认(正常退休) eligibility, normal [hrss] sent",
            "  │   ├── M05 新增退休人员待遇核定发放 pension benefit [hrss] waiting  (requires M01; after M04)",
            "  │   ├── M06 医疗保险在职转退休 medical transfer [medicare] waiting  (requires M01; after M07)",
            "  │   └── M08 离休退休提取住房公积金 housing fund withdrawal [hpf] waiting",
            "  └── M04 养老保险视同缴费年限认定 pension deemed years [hrss] approved",
            "      ├── M05 (see above)",
            "      └── M07 医保视同缴费年限核定 medical deemed years [medicare] received",
            "          └── M06 (see above)",
        ])

        let document = section("Application document (personal data masked", in: text)
        #expect(document.contains("  applicant.name                     韦**"))
        #expect(document.contains("  applicant.idNumber                 450103********1798"))
        #expect(document.contains("  applicant.phone                    139****0000"))
        #expect(document.contains("  applicant.address                  **************"))
        #expect(document.contains("  pension.bankAccount                ***************5678"))
        #expect(document.contains("  employer.name                      南宁市某机械厂"), "an employer's name is not personal")
        #expect(!text.contains("韦小宝") && !text.contains("196001011798") && !text.contains("民族大道"))
        #expect(section("History", in: text).isEmpty, "history only with --history")
    }

    @Test func historyListsEveryRecordedEvent() throws {
        let fixture = try StoreFixture()
        let text = try fixture.hubctl("show", "GX-OPEN-1", "--history").standardOutput
        let history = section("History", in: text)
        #expect(history.first == "  TIME                 KIND          MATTER  DETAIL")
        #expect(history.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true)[2] }
                == ["submitted", "request-sent"])
        #expect(history.last?.hasSuffix("request-sent  M10     Request for M10 sent to police.") == true)
    }

    @Test func withoutCatalogueTheGraphIsFlatAndSaysSo() throws {
        let fixture = try StoreFixture()
        let text = try fixture.hubctl("show", "GX-OPEN-1", "--catalogue", "/nonexistent/catalogue").standardOutput
        #expect(text.contains("Matter graph (catalogue order, dependencies not drawn: catalogue directory '/nonexistent/catalogue' does not exist or is not a directory)"))
        let graph = section("Matter graph", in: text)
        #expect(graph == ["  M10 [police] approved", "  M01 [hrss] sent", "  M04 [hrss] approved", "  M05 [hrss] waiting",
                          "  M06 [medicare] waiting", "  M07 [medicare] received", "  M08 [hpf] waiting"])
    }

    @Test func revealShowsPersonalDataAndIsRecordedWithTheOperatorAndReason() throws {
        let fixture = try StoreFixture()
        let revealed = try fixture.hubctl("show", "GX-OPEN-1", "--reveal", "--operator", "张三", "--reason", "投诉核查 complaint 17",
                                          environment: ["USER": "zhang.san"])
        #expect(revealed.status == 0)
        #expect(revealed.standardOutput.contains("Application document (UNMASKED; this showing is recorded)"))
        #expect(revealed.standardOutput.contains("applicant.idNumber                 450103196001011798"))
        #expect(revealed.standardOutput.contains("hukouAddress=广西南宁市青秀区民族大道1号"))
        let history = try fixture.store().read { try $0.history(applicationID: "GX-OPEN-1") }
        let reveal = try #require(history.last)
        #expect(reveal.kind == "reveal")
        #expect(reveal.detail.contains("operator 张三"))
        #expect(reveal.detail.contains("account zhang.san"))
        #expect(reveal.detail.contains("Reason: 投诉核查 complaint 17"))
        // A masked show records nothing.
        _ = try fixture.hubctl("show", "GX-OPEN-1")
        #expect(try fixture.store().read { try $0.history(applicationID: "GX-OPEN-1") }.count == history.count)
        // The reveal is listed by --history; the operator may come from ONETHING_OPERATOR,
        // and LOGNAME names the account when USER is empty.
        let again = try fixture.hubctl("show", "GX-OPEN-1", "--history", "--reveal", "--reason", "audit", "--json",
                                       environment: ["USER": "", "LOGNAME": "li.si", "ONETHING_OPERATOR": "李四"])
        let entries = try again.json().array("history")
        #expect(entries.filter { $0.string("kind") == "reveal" }.count == 2)
        #expect(entries.last?.string("detail")?.contains("operator 李四 (account li.si)") == true)
    }

    @Test func revealWithoutOperatorOrReasonIsRefusedAndShowsNothing() throws {
        let fixture = try StoreFixture()
        let before = try fixture.store().read { try $0.history(applicationID: "GX-OPEN-1") }.count
        for arguments in [["--reveal"], ["--reveal", "--reason", "audit"], ["--reveal", "--operator", "张三"],
                          ["--reveal", "--operator", "张三", "--reason", "  "], ["--reason", "audit"]] {
            let result = try Hubctl.run(["--store", fixture.path, "show", "GX-OPEN-1"] + arguments, environment: ["USER": "zhang.san"])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardOutput.isEmpty, "\(arguments)")
            #expect(!result.standardError.contains("450103196001011798"))
        }
        #expect(try fixture.store().read { try $0.history(applicationID: "GX-OPEN-1") }.count == before)
    }

    @Test func jsonCarriesEverythingWithStableKeys() throws {
        let fixture = try StoreFixture()
        let json = try fixture.hubctl("show", "GX-OPEN-1", "--json").json()
        #expect(Set(json.keys) == ["application", "matters", "pendingOrders", "orders", "graph", "promises", "revealed"])
        let application = try #require(json.object("application"))
        #expect(application.string("state") == "in-progress")
        #expect(application.array("notApplicable").count == 3)
        let applicant = try #require(application.object("document")?.object("applicant"))
        #expect(applicant.string("name") == "韦**")
        #expect(applicant.string("idNumber") == "450103********1798")
        let matters = json.array("matters")
        #expect(matters.count == 7)
        let m05 = try #require(matters.first { $0.string("matter") == "M05" })
        #expect(m05["requires"] as? [String] == ["M01"])
        #expect(m05["after"] as? [String] == ["M04"])
        #expect(m05.string("title") == "新增退休人员待遇核定发放 pension benefit")
        #expect(m05.isNull("sentAt"))
        let m10 = try #require(matters.first)
        #expect(Set(m10.keys) == ["matter", "title", "department", "state", "revision", "requestId", "deadline", "sentAt",
                                  "lastSentAt", "receivedAt", "finalAt", "supplementSince", "pausedSeconds", "resends",
                                  "stalled", "outputs", "reason", "requires", "after", "deadlineStanding"])
        #expect(m10.isNull("deadlineStanding"), "final matters have no standing")
        #expect(matters.first { $0.string("matter") == "M01" }?.string("deadlineStanding") == "due-soon")
        #expect(matters.first { $0.string("matter") == "M07" }?.string("deadlineStanding") == "overdue")
        #expect(matters.first { $0.string("matter") == "M05" }?.isNull("deadlineStanding") == true)
        #expect(m10.object("outputs")?.string("hukouAddress") == "**************")
        #expect(m10.string("sentAt")?.hasSuffix("+08:00") == true)
        #expect(json.array("pendingOrders").first?.string("matter") == "M01")
        #expect(json.array("pendingOrders").first?.string("requestedBy") == "alice")
        let graph = try #require(json.object("graph"))
        #expect(graph.bool("edges") == true)
        #expect(graph.isNull("note"))
        let root = try #require(graph.array("roots").first)
        #expect(root.string("matter") == "M10")
        #expect(root.array("children").map { $0.string("matter") ?? "" } == ["M01", "M04"])
        #expect(json.bool("revealed") == false)
    }

    @Test func invalidApplicationShowsItsErrors() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("show", "GX-BAD-4")
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("  error       applicant.idNumber [checksum] the check digit is wrong"))
        #expect(result.standardOutput.contains("Matters: none"))
        #expect(!result.standardOutput.contains("Matter graph"))
        #expect(result.standardOutput.contains("Application document (personal data masked; --reveal shows it)\n  (none)\n"))
    }

    @Test func unknownApplicationIsExitOne() throws {
        let fixture = try StoreFixture()
        let result = try fixture.hubctl("show", "GX-NOPE")
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "hubctl: no application GX-NOPE in the store\n")
        let json = try fixture.hubctl("show", "GX-NOPE", "--json", "--reveal", "--operator", "张三", "--reason", "audit")
        #expect(json.status == 1)
        #expect(try json.json().object("error")?.string("code") == "not-found")
        #expect(try fixture.store().read { try $0.history(applicationID: "GX-NOPE") }.isEmpty, "no reveal recorded")
    }
}
