import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

@Suite("Engine: submissions")
struct SubmissionTests {
    @Test func acceptsAndSendsTheFirstMatterAtOnce() throws {
        var hub = EngineHarness()
        hub.submit()
        let record = try #require(hub.record)
        #expect(record.state == .accepted)
        #expect(record.matters.map(\.code) == ["M10", "M01", "M04", "M05", "M06", "M07", "M08", "M09"])
        #expect(hub.state("M10") == .sent)
        #expect(record.matters.dropFirst().allSatisfy { $0.state == .waiting })
        #expect(record.acceptedAt == hub.now)
        #expect(record.deadline == hub.now.addingTimeInterval(EngineHarness.overallSpan))
        #expect(hub.lastRequestIDs == ["GX-T-0001:M10:r1"])
        #expect(hub.lastEvents == ["accepted"])
        #expect(record.nextTimerAt == hub.now.addingTimeInterval(600))
        #expect(hub.last.history.map(\.kind) == ["submitted", "request-sent", "notice"])   // the applicant is told
    }

    @Test func requestCarriesTheBinaryCloudEventHeaders() throws {
        var hub = EngineHarness()
        hub.submit()
        let request = try #require(hub.lastMessages(on: "retirement.requests.police").first)
        #expect(request.key == "GX-T-0001")
        #expect(request.header("ce_specversion") == "1.0")
        #expect(request.header("ce_id") == "GX-T-0001:M10:r1")
        #expect(request.header("ce_source") == "/hub")
        #expect(request.header("ce_type") == "gov.onething.retirement.request")
        #expect(request.header("ce_subject") == "GX-T-0001")
        #expect(request.header("content-type") == "application/xml")
        #expect(request.header("ce_matter") == "M10")
        #expect(request.header("ce_time") == HubTime.rfc3339(hub.now))
        let body = String(decoding: request.value, as: UTF8.self)
        #expect(body.contains("<QQBH>GX-T-0001:M10:r1</QQBH>"))
    }

    @Test func statusSnapshotHasTheContractShapeAndNoPersonalData() throws {
        var hub = EngineHarness()
        hub.submit()
        let status = try #require(hub.lastMessages(on: "retirement.status").first)
        #expect(status.header("ce_type") == "gov.onething.retirement.status")
        #expect(status.header("content-type") == "application/json")
        let snapshot = try #require(try JSONValue(parsing: status.value).objectValue)
        #expect(snapshot.keys == ["applicationId", "state", "event", "matter", "updatedAt", "acceptedAt", "deadline",
                                  "outcome", "errors", "matters", "notApplicable"])
        #expect(snapshot["state"]?.stringValue == "accepted")
        #expect(snapshot["outcome"] == .null)
        let first = try #require(snapshot["matters"]?.arrayValue?.first?.objectValue)
        #expect(first.keys == ["matter", "department", "state", "revision", "deadline", "reason", "outputs"])
        #expect(first["state"]?.stringValue == "sent")
        #expect(first["revision"]?.intValue == 1)
        let text = String(decoding: status.value, as: UTF8.self)
        #expect(!text.contains("450103196503151798"))
        #expect(!text.contains("6222020402012345678"))
        #expect(!text.contains("韦明"))
        #expect(snapshot["updatedAt"]?.stringValue?.hasSuffix("+08:00") == true)
    }

    @Test func fiscalFundedEmployerListsTheRewardAsNotApplicable() throws {
        var hub = EngineHarness()
        var form = ApplicationForms.base()
        form["applicationId"] = .string(hub.id)
        form["employer"] = .object(JSONObject([("name", .string("广西某机械有限公司")),
                                               ("creditCode", .string("91450100398259791F")),
                                               ("fiscalFunded", .bool(true))]))
        hub.submit(.object(form))
        let record = try #require(hub.record)
        #expect(!record.matters.map(\.code).contains("M09"))
        #expect(record.notApplicable.contains { $0.matter == "M09" })
        let snapshot = try #require(hub.lastStatuses.first?.objectValue)
        #expect(snapshot["notApplicable"]?.arrayValue?.contains { $0.objectValue?["matter"]?.stringValue == "M09" } == true)
    }

    @Test func identicalResubmissionIsADuplicateWithNoEffect() throws {
        var hub = EngineHarness()
        hub.submit()
        let before = hub.record
        hub.advance(seconds: 5)
        hub.submit(ApplicationForms.reordered(ApplicationForms.full(id: hub.id)))
        #expect(hub.record == before)
        #expect(hub.last.messages.isEmpty)
        #expect(!hub.last.recordChanged)
        #expect(hub.last.history.map(\.kind) == ["duplicate"])
    }

    @Test func differentContentUnderTheSameIdIsAConflict() throws {
        var hub = EngineHarness()
        hub.submit()
        hub.submit(ApplicationForms.minimal(id: hub.id))
        let record = try #require(hub.record)
        #expect(record.state == .accepted)
        #expect(record.matters.count == 8)
        #expect(hub.lastEvents == ["conflict"])
        #expect(hub.lastRequestIDs.isEmpty)
        let errors = try #require(hub.lastStatuses.first?.objectValue?["errors"]?.arrayValue)
        #expect(errors.first?.objectValue?["code"]?.stringValue == "conflict")
        #expect(hub.last.history.map(\.kind) == ["conflict"])
    }

    @Test func invalidFormIsStoredAsInvalidWithEveryError() throws {
        var hub = EngineHarness()
        var form = ApplicationForms.base()
        form["applicationId"] = .string(hub.id)
        form["channel"] = .string("fax")
        form["handlingRegion"] = .string("45")
        hub.submit(.object(form))
        let record = try #require(hub.record)
        #expect(record.state == .invalid)
        #expect(record.matters.isEmpty)
        #expect(record.nextTimerAt == nil)
        #expect(Set(record.errors.map(\.field)).isSuperset(of: ["channel", "handlingRegion"]))
        #expect(hub.lastEvents == ["invalid"])
        let snapshot = try #require(hub.lastStatuses.first?.objectValue)
        #expect(snapshot["state"]?.stringValue == "invalid")
        #expect((snapshot["errors"]?.arrayValue?.count ?? 0) >= 2)
        #expect(hub.lastRequestIDs.isEmpty)
    }

    @Test func formIdDifferentFromTheKeyIsAMismatch() throws {
        var hub = EngineHarness(id: "GX-KEY-1")
        hub.submit(ApplicationForms.full(id: "GX-OTHER-1"))
        let record = try #require(hub.record)
        #expect(record.id == "GX-KEY-1")
        #expect(record.state == .invalid)
        #expect(record.errors.contains { $0.field == "applicationId" && $0.code == "mismatch" })
    }

    @Test func aCorrectedFormReplacesAnInvalidOne() throws {
        var hub = EngineHarness()
        var form = ApplicationForms.base()
        form["applicationId"] = .string(hub.id)
        form["channel"] = .string("fax")
        hub.submit(.object(form))
        #expect(hub.record?.state == .invalid)
        hub.submit()
        #expect(hub.record?.state == .accepted)
        #expect(hub.lastRequestIDs == ["GX-T-0001:M10:r1"])
    }

    @Test func unusableIntakeStoresAnInvalidRecordOnlyWhenThereIsNone() throws {
        var hub = EngineHarness()
        hub.apply(.unusableIntake(eventID: nil, code: "malformed", reason: "The event's data is not JSON."))
        #expect(hub.record?.state == .invalid)
        #expect(hub.lastEvents == ["invalid"])

        var live = EngineHarness(id: "GX-T-0002")
        live.submit()
        live.apply(.unusableIntake(eventID: nil, code: "unknown-type", reason: "Unknown type."))
        #expect(live.record?.state == .accepted)
        #expect(live.lastEvents == ["invalid"])
        #expect(live.lastStatuses.first?.objectValue?["state"]?.stringValue == "accepted")
    }
}
