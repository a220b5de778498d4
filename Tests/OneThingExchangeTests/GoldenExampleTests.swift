import Testing
@testable import OneThingExchange
import OneThingTestSupport

@Suite struct SpecExampleTests {
    @Test func exampleApplicationIsValid() throws {
        let flow = try #require(Fixtures.retirement)
        let document = try Fixtures.json("spec/application.json")
        let validation = flow.validate(document)
        guard case .valid(let application) = validation else {
            Issue.record("expected valid, got \(validation)")
            return
        }
        #expect(application.id == "GX-20261122-000001")
    }
}

extension SpecExampleTests {
    static let outputs: [String: JSONObject] = [
        "M10": JSONObject([("confirmationNo", "HJ2026112200017"), ("hukouRegion", "450103"), ("hukouAddress", "南宁市青秀区民族大道100号")]),
        "M01": JSONObject([("retirementDate", "2025-06-01"), ("certificateNo", "GXTX2026000123")]),
        "M04": JSONObject([("deemedMonths", 114)]),
        "M07": JSONObject([("deemedMonths", 114)]),
    ]

    static func application() throws -> Application {
        let flow = try #require(Fixtures.retirement)
        guard case .valid(let application) = flow.validate(try Fixtures.json("spec/application.json")) else {
            throw TestFailure("example application is invalid")
        }
        return application
    }

    @Test(arguments: [("M05", "spec/request-hrss-M05.json"), ("M06", "spec/request-medicare-M06.json")])
    func jsonRequestsMatchTheSpecExamples(matter: String, file: String) throws {
        let flow = try #require(Fixtures.retirement)
        let document = try flow.encodeRequest(matter: matter, application: try Self.application(), outputs: Self.outputs,
                                              requestID: RequestID(applicationID: "GX-20261122-000001", matter: matter, revision: 1))
        #expect(document.contentType == "application/json")
        let expected = try Fixtures.json(file).serialized()
        #expect(String(decoding: document.body, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func policeRequestMatchesTheSpecExampleByteForByte() throws {
        let flow = try #require(Fixtures.retirement)
        let document = try flow.encodeRequest(matter: "M10", application: try Self.application(), outputs: [:],
                                              requestID: RequestID(applicationID: "GX-20261122-000001", matter: "M10", revision: 1))
        #expect(document.contentType == "application/xml")
        #expect(String(decoding: document.body, as: UTF8.self) == String(decoding: Fixtures.bytes("spec/request-police-M10.xml"), as: UTF8.self))
    }
}

