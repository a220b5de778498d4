import Foundation
import Testing
@testable import OneThingExchange

/// Flexible workers (灵活就业人员, `insuredCategory: flexible`) apply without an employer;
/// a form without the category is checked as before (an employer is required).
@Suite struct FlexibleWorkerTests {
    let flow: Flow
    init() throws { flow = try #require(Fixtures.retirement) }

    /// The specification's example as a flexible worker: no employer block.
    static let flexible: JSONValue = {
        guard case .object(var object) = Applications.example else { return .null }
        object["employer"] = nil
        object["insuredCategory"] = .string("flexible")
        return .object(object)
    }()

    func issues(_ document: JSONValue) -> [FieldIssue] { flow.validate(document).issues }

    @Test func aFlexibleWorkerNeedsNoEmployer() throws {
        #expect(issues(Self.flexible).isEmpty, "\(issues(Self.flexible))")
    }

    @Test func withoutTheCategoryOrAsAnEmployeeTheEmployerIsStillRequired() {
        guard case .object(var object) = Applications.example else { Issue.record("no example"); return }
        object["employer"] = nil
        #expect(issues(.object(object)).contains { $0.field == "employer" && $0.code == "required" })
        object["insuredCategory"] = .string("employee")
        #expect(issues(.object(object)).contains { $0.field == "employer" && $0.code == "required" })
        #expect(issues(Applications.setting("insuredCategory", "employee")).isEmpty)
        #expect(issues(Applications.example).isEmpty)
    }

    @Test func aFlexibleWorkerWithAnEmployerIsAMismatchAndAnUnknownCategoryIsRefused() {
        let both = Applications.setting("insuredCategory", "flexible")
        #expect(issues(both).contains { $0.field == "employer" && $0.code == "mismatch" })
        #expect(issues(Applications.setting("insuredCategory", "freelance")).contains { $0.field == "insuredCategory" && $0.code == "range" })
    }

    @Test func theFamilyPlanningRewardDoesNotApplyWithoutAnEmployer() throws {
        let application = try #require(flow.validate(Self.flexible).application)
        let plan = flow.plan(application)
        #expect(!plan.applicable.contains("M09"))
        #expect(plan.notApplicable.contains(NotApplicable(matter: "M09", reason: "a flexible worker has no employer to pay the reward")))
        #expect(plan.applicable == ["M10", "M01", "M04", "M05", "M06", "M07", "M08"])
    }

    /// Departments whose requests name the employer get null there: no employer to name.
    @Test func requestsNameNoEmployer() throws {
        let application = try #require(flow.validate(Self.flexible).application)
        let outputs: [String: JSONObject] = [
            "M10": JSONObject([("confirmationNo", "HJ1"), ("hukouRegion", "450103"), ("hukouAddress", "南宁市")]),
            "M01": JSONObject([("retirementDate", "2025-06-01"), ("certificateNo", "GXTX1")]),
            "M04": JSONObject([("deemedMonths", 114)]), "M07": JSONObject([("deemedMonths", 114)]),
        ]
        for (matter, fields) in [("M01", ["AAB998", "AAB004"]), ("M06", ["emp_name"])] {
            let request = try flow.encodeRequest(matter: matter, application: application, outputs: outputs,
                                                 requestID: RequestID(applicationID: application.id, matter: matter, revision: 1))
            let json = try JSONValue(parsing: request.body)
            for field in fields {
                #expect(Self.find(field, in: json) == .some(.null), "\(matter) \(field)")
            }
        }
    }

    static func find(_ key: String, in value: JSONValue) -> JSONValue? {
        guard let object = value.objectValue else { return nil }
        if let found = object[key] { return found }
        for (_, inner) in object { if let found = find(key, in: inner) { return found } }
        return nil
    }
}
