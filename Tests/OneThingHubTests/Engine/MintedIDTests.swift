import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Engine: ids the hub mints")
struct MintedIDTests {
    /// The reported case: a submission from /channels/online and a withdrawal from
    /// /channels/window both carried ce_id `same-id-1`; their status events must differ.
    @Test func sameEventIDFromTwoSourcesGivesTwoStatusIDs() throws {
        var hub = EngineHarness()
        hub.apply(.submitted(eventID: "same-id-1", document: ApplicationForms.full(id: hub.id), source: "/channels/online"))
        let accepted = try #require(hub.lastMessages(on: "retirement.status").first?.header("ce_id"))
        hub.apply(.withdrawn(eventID: "same-id-1",
                             data: .object(JSONObject([("applicationId", .string(hub.id)), ("reason", .string("改变主意"))])),
                             source: "/channels/window"))
        #expect(hub.lastEvents == ["withdrawn"])
        let withdrawn = try #require(hub.lastMessages(on: "retirement.status").first?.header("ce_id"))
        #expect(accepted != withdrawn)
        #expect(accepted.hasPrefix("\(hub.id):status:"))
        #expect(withdrawn.hasPrefix("\(hub.id):status:"))
    }

    @Test func theSameEventAlwaysMintsTheSameID() {
        #expect(MintedID.event(source: "/channels/online", id: "e-1") == MintedID.event(source: "/channels/online", id: "e-1"))
        #expect(MintedID.event(source: "/channels/online", id: "e-1") != MintedID.event(source: "/channels/window", id: "e-1"))
        // No separator can make two different pairs collide.
        #expect(MintedID.event(source: "/a", id: "b/c") != MintedID.event(source: "/a/b", id: "/c"))
        #expect(MintedID.event(source: "/a", id: "bc") != MintedID.event(source: "/ab", id: "c"))
    }

    @Test func repliesWithOneIDFromTwoDepartmentsMintDistinctStatusIDs() throws {
        var hub = EngineHarness()
        hub.submit()
        let requestID = RequestID(applicationID: hub.id, matter: "M10", revision: 1)
        let received = DepartmentReply(requestID: requestID.description, decision: .received)
        hub.apply(.reply(ReplyInput(eventID: "r-1", department: "police", requestID: requestID,
                                    decoded: .success(received), source: "/departments/police")))
        let first = try #require(hub.lastMessages(on: "retirement.status").first?.header("ce_id"))
        let approved = DepartmentReply(requestID: requestID.description, decision: .approved(outputs: MatterOutputs.approved("M10")))
        hub.apply(.reply(ReplyInput(eventID: "r-1", department: "police", requestID: requestID,
                                    decoded: .success(approved), source: "/departments/police-backup")))
        let second = try #require(hub.lastMessages(on: "retirement.status").first?.header("ce_id"))
        #expect(first != second)
    }
}

@Suite("Engine: bounded validation reports")
struct IssueReportTests {
    /// A form with 50,000 unknown fields: 100 issues are listed, the 101st counts the rest,
    /// and the status snapshot stays small.
    @Test func atMostOneHundredIssuesPlusTheCountOfTheRest() throws {
        var hub = EngineHarness()
        var form = ApplicationForms.base()
        form["applicationId"] = .string(hub.id)
        for index in 0..<50_000 { form["unknown\(index)"] = .string("x") }
        hub.submit(.object(form))
        let record = try #require(hub.record)
        #expect(record.state == .invalid)
        #expect(record.errors.count == 101)
        let last = try #require(record.errors.last)
        #expect(last.code == IssueReport.moreIssuesCode)
        #expect(last.message.contains("49900 more problems"))
        let status = try #require(hub.lastMessages(on: "retirement.status").first)
        #expect(status.value.count < 32 * 1024)
        #expect(try JSONValue(parsing: status.value).objectValue?["errors"]?.arrayValue?.count == 101)
        #expect(hub.last.history.allSatisfy { $0.detail.utf8.count < 16 * 1024 })
    }

    @Test func aShortListIsKeptWhole() {
        let issues = (0..<100).map { FieldIssue(field: "f\($0)", code: "required", message: "m") }
        #expect(IssueReport.capped(issues) == issues)
        let more = issues + [FieldIssue(field: "g", code: "type", message: "m")]
        #expect(IssueReport.capped(more).count == 101)
        #expect(IssueReport.capped(more).last?.message.hasPrefix("1 more problem not listed") == true)
    }
}
