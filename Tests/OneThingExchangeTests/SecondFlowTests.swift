import Foundation
import Testing
@testable import OneThingExchange

/// A second, unrelated flow that lives only in test fixtures runs through the same engine:
/// proof that validation, planning, translation and replies are driven by data alone.
@Suite struct SecondFlowTests {
    let flow: Flow

    init() throws {
        let catalogue = try Catalogue.load(files: Fixtures.files(under: Fixtures.fixtures.appendingPathComponent("flows")))
        flow = try #require(catalogue.flow(named: "newborn"))
    }

    static let parentID = Checksums.citizenID(region: "110101", year: 1992, month: 7, day: 1, sequence: 46)

    static let document: JSONValue = [
        "caseId": "NB-0001",
        "child": ["name": "小雨", "birthDate": "2026-11-01", "sex": "girl"],
        "parent": ["name": "李华", "idNumber": .string(parentID), "phone": "13800000000"],
        "vaccination": ["wanted": true, "clinic": "东城社区卫生服务中心"],
    ]

    @Test func flowSettingsComeFromTheFile() throws {
        #expect(flow.topics.all == ["newborn.applications", "newborn.status", "newborn.deadletter", "newborn.state",
                                    "newborn.repartition", "newborn.orders", "newborn.evidence",
                                    "newborn.requests.clinic", "newborn.replies.clinic",
                                    "newborn.requests.registry", "newborn.replies.registry"])
        #expect(flow.topics.department(ofReplyTopic: "newborn.replies.registry") == "registry")
        #expect(flow.eventTypes.submitted == "gov.example.newborn.submitted")
        #expect(flow.overallTimeLimit == .calendar(seconds: 864_000) && flow.acknowledgementTimeout == 120)
        #expect(flow.maxResends == 2 && flow.dueSoonFraction == 0.75)
        #expect(flow.matter("N2")?.timeLimit == .calendar(seconds: 43_200))
        #expect(flow.members(of: "registration") == ["N2"])
        #expect(flow.department("registry")?.contentType == "application/xml")
        #expect(flow.department("clinic")?.contentType == "application/json")
    }

    @Test func bothFlowsLoadFromOneCatalogue() throws {
        var files = Fixtures.files(under: Fixtures.topics)
        for (path, bytes) in Fixtures.files(under: Fixtures.fixtures.appendingPathComponent("flows")) { files[path] = bytes }
        let catalogue = try Catalogue.load(files: files)
        #expect(Set(catalogue.flows.map(\.name)) == ["retirement", "newborn"])
    }

    @Test func validationUsesTheFlowsOwnRules() throws {
        #expect(flow.validate(Self.document).application?.id == "NB-0001")
        let bad = Self.document.mergePatched(with: ["caseId": "nb 1", "vaccination": ["clinic": .null], "pet": "cat",
                                                    "parent": ["idNumber": .string(String(Self.parentID.dropLast()) + "Y")]])
        let found = Set(flow.validate(bad).issues.map { "\($0.field) \($0.code)" })
        #expect(found == ["caseId format", "vaccination.clinic required", "pet unknown-field", "parent.idNumber format"], "\(found)")
        let stored = try #require(flow.validate(Self.document).application)
        #expect(flow.supplement(stored, changes: ["child": ["birthDate": "2026-11-02"]]).issues.map(\.code) == ["immutable"])
    }

    @Test func applicabilityAndExclusions() throws {
        let application = try #require(flow.validate(Self.document).application)
        #expect(flow.plan(application).applicable == ["N1", "N2", "N3"])
        let abroad = try #require(flow.validate(Self.document.mergePatched(with: ["parent": ["abroad": true]])).application)
        #expect(flow.plan(abroad).notApplicable == [NotApplicable(matter: "N3", reason: "parent lives abroad")])
        let none = try #require(flow.validate(Self.document.mergePatched(with: ["vaccination": ["wanted": false, "clinic": .null]])).application)
        #expect(flow.plan(none).notApplicable == [NotApplicable(matter: "N3", reason: "no booklet wanted")])
    }

    /// A department simulator over `encodeReply`: approves with fixed outputs.
    static let approvals: [String: JSONObject] = [
        "N1": JSONObject([("certificateNo", "BC-778"), ("birthDate", "2026-11-01")]),
        "N2": JSONObject([("householdNo", "HH-42"), ("registeredOn", "2026-11-05")]),
        "N3": JSONObject([("fee", "12.50"), ("doses", 3)]),
    ]

    @Test func wholeFlowEndToEnd() throws {
        let application = try #require(flow.validate(Self.document).application)
        let plan = flow.plan(application)
        var states: [String: MatterState] = [:]
        var outputs: [String: JSONObject] = [:]
        var rounds: [[String]] = []
        var requests: [String: [UInt8]] = [:]
        while flow.outcome(plan, states: states) == nil {
            let ready = flow.readyToSend(plan, states: states)
            try #require(!ready.isEmpty, "stuck at \(states)")
            rounds.append(ready)
            for matter in ready {
                let id = RequestID(applicationID: application.id, matter: matter, revision: 1)
                let request = try flow.encodeRequest(matter: matter, application: application, outputs: outputs, requestID: id)
                requests[matter] = request.body
                states[matter] = .sent
                let department = try #require(flow.matter(matter)?.department)
                for decision in [ReplyDecision.received, .approved(outputs: try #require(Self.approvals[matter]))] {
                    let reply = try flow.encodeReply(department: department, matter: matter, requestID: id, decision: decision)
                    let decoded = try flow.decodeReply(department: department, body: reply.body).get()
                    #expect(decoded.requestID == id.description)
                    let state = decoded.decision.matterState
                    #expect(state != nil)
                    states[matter] = state ?? .waiting
                    if case .approved(let canonical) = decoded.decision { outputs[matter] = canonical }
                }
            }
        }
        #expect(rounds == [["N1"], ["N2"], ["N3"]])
        #expect(flow.outcome(plan, states: states) == .completed)
        #expect(outputs["N3"] == Self.approvals["N3"])
        let n2 = String(decoding: try #require(requests["N2"]), as: UTF8.self)
        #expect(n2 == """
            <?xml version="1.0" encoding="UTF-8"?>
            <REG>
              <ID>NB-0001:N2:r1</ID>
              <CHILD>
                <NAME>小雨</NAME>
                <SEX>F</SEX>
              </CHILD>
              <PARENT>\(Self.parentID)</PARENT>
              <CERT>BC-778</CERT>
              <KIND>birth</KIND>
            </REG>

            """)
        let n3 = try JSONValue(parsing: try #require(requests["N3"]))
        #expect(n3 == ["req": "NB-0001:N3:r1", "kind": "N3", "cert": "BC-778", "household": "HH-42", "where": "东城社区卫生服务中心"])
        let n1 = try JSONValue(parsing: try #require(requests["N1"]))
        #expect(n1[path: "baby.dob"] == "20261101")
    }

    @Test func rejectionAndProtocolErrorsInTheSecondFlow() throws {
        let application = try #require(flow.validate(Self.document).application)
        let plan = flow.plan(application)
        #expect(flow.cancellations(plan, states: ["N1": .rejected]) == ["N2", "N3"])
        #expect(flow.outcome(plan, states: ["N1": .rejected, "N2": .cancelled, "N3": .cancelled]) == .rejected)
        #expect(flow.outcome(plan, states: ["N1": .approved, "N2": .rejected, "N3": .approved]) == .partiallyCompleted)
        let noReason = "<REGRESULT><ID>NB-0001:N2:r1</ID><CODE>4</CODE></REGRESULT>"
        #expect(throws: ProtocolError.self) { try flow.decodeReply(department: "registry", body: Array(noReason.utf8)).get() }
        let noDate = "<REGRESULT><ID>NB-0001:N2:r1</ID><CODE>2</CODE><MSG></MSG><HH>H</HH><DATE>2026-11-05</DATE></REGRESULT>"
        #expect(throws: ProtocolError.self) { try flow.decodeReply(department: "registry", body: Array(noDate.utf8)).get() }
        // The clinic needs no reason for a supplement request in this flow.
        let more = #"{"req":"NB-0001:N1:r1","state":"MORE"}"#
        #expect(try flow.decodeReply(department: "clinic", body: Array(more.utf8)).get().decision == .supplementRequired(reason: ""))
    }

    /// The engine's source names nothing of the retirement flow.
    @Test func engineSourceIsFlowAgnostic() throws {
        let sources = Fixtures.files(under: Fixtures.packageRoot.appendingPathComponent("Sources/OneThingExchange"))
        #expect(sources.count > 10)
        let forbidden = ["retirement", "退休", "eligibility", "hrss", "police", "hpf", "health", "medicare", "JYBH", "BLZT",
                         "AAC002", "HJXXQRSQ", "infcode", "biz_stas", "deemed", "pension", "hukou", "applicationId"]
            + (1...10).map { String(format: "M%02d", $0) }
        for (path, bytes) in sources {
            let text = String(decoding: bytes, as: UTF8.self)
            for word in forbidden {
                #expect(!text.contains(word), "\(path) contains \(word)")
            }
        }
    }
}
