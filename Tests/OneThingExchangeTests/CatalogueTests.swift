import Foundation
import Testing
@testable import OneThingExchange

@Suite struct CatalogueTests {
    let flow: Flow
    init() throws { flow = try #require(Fixtures.retirement) }

    @Test func retirementFlowSettings() {
        #expect(flow.name == "retirement")
        #expect(flow.overallTimeLimit == .workingDays(15))
        #expect(flow.acknowledgementTimeout == 600)
        #expect(flow.maxResends == 3 && flow.dueSoonFraction == 0.8)
        #expect(flow.matters.map(\.code) == ["M10", "M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09"])
        #expect(flow.matters.map(\.timeLimit) == [1, 5, 7, 7, 5, 5, 3, 3, 3, 5].map { TimeLimit.workingDays($0) })
        #expect(flow.matter("M05")?.requires == ["eligibility"] && flow.matter("M05")?.after == ["M04"])
        #expect(flow.matter("M06")?.outputs == ["benefitStartDate"])
        #expect(flow.members(of: "eligibility") == ["M01", "M02", "M03"])
        #expect(flow.departments.map(\.code) == ["police", "hrss", "hpf", "health", "medicare"])
        #expect(flow.department("police")?.contentType == "application/xml")
        #expect(flow.topics.applications == "retirement.applications" && flow.topics.requests("hpf") == "retirement.requests.hpf")
        #expect(flow.topics.all.count == 20)   // with the orders and evidence topics and the promises' evaluations, notifications, supervision
        #expect(flow.topics.published == ["retirement.evaluations", "retirement.notifications", "retirement.supervision"])
        #expect(flow.topics.evidence == "retirement.evidence" && flow.eventTypes.evidence == "gov.onething.retirement.evidence")
        #expect(flow.topics.state == "retirement.state")
        #expect(flow.topics.repartition == "retirement.repartition")
        #expect(flow.topics.orders == "retirement.orders")
        #expect(flow.eventTypes.order == "gov.onething.retirement.order")
        #expect(flow.eventTypes.reply == "gov.onething.retirement.reply" && flow.eventTypes.cancel == "gov.onething.retirement.cancel")
    }

    /// The AsyncAPI document parses and names every topic of the flow.
    @Test func asyncAPIDocumentDescribesEveryTopic() throws {
        let files = Fixtures.files(under: Fixtures.topics)
        let document = try JSONValue(parsing: try #require(files["asyncapi.json"]))
        #expect(document[path: "asyncapi"] == "3.0.0")
        let channels = try #require(document[path: "channels"]?.objectValue)
        let addresses = Set(channels.compactMap { $0.value[path: "address"]?.stringValue })
        #expect(addresses == Set(flow.topics.all))
        for name in ["Application", "Supplemented", "Withdrawn", "Cancel", "StatusSnapshot", "FieldIssue"] {
            #expect(document[path: "components.schemas.\(name)"]?.objectValue != nil, "\(name)")
        }
        func references(_ value: JSONValue) -> [String] {
            switch value {
            case .object(let object): return object.flatMap { key, child in key == "$ref" ? [child.stringValue ?? ""] : references(child) }
            case .array(let items): return items.flatMap(references)
            default: return []
            }
        }
        let refs = references(document)
        #expect(refs.count > 20)
        for ref in refs {
            let path = ref.dropFirst(2).split(separator: "/").joined(separator: ".")
            #expect(ref.hasPrefix("#/") && document[path: path] != nil, "\(ref)")
        }
        for matter in flow.matters {
            #expect(document[path: "components.messages.Request_\(matter.department)_\(matter.code)"] != nil, "\(matter.code)")
        }
        // The application schema lists exactly the form's top-level fields (the example's,
        // and the optional ones it leaves out).
        let properties = try #require(document[path: "components.schemas.Application.properties"]?.objectValue)
        let form = try JSONValue(parsing: Fixtures.bytes(at: Fixtures.topics.appendingPathComponent("retirement/application.json")))
        let fields = try #require(form[path: "fields"]?.objectValue)
        #expect(Set(properties.keys) == Set(fields.keys))
        let exampleKeys = Set(Applications.example.objectValue?.keys ?? [])
        #expect(exampleKeys.isSubset(of: Set(fields.keys)))
    }

    static func retirementFiles() -> [String: [UInt8]] { Fixtures.files(under: Fixtures.topics) }

    /// The catalogue with one textual replacement in one file.
    static func replacing(_ path: String, _ old: String, _ new: String) -> [String: [UInt8]] {
        var files = retirementFiles()
        let text = String(decoding: files[path] ?? [], as: UTF8.self)
        files[path] = Array(text.replacingOccurrences(of: old, with: new).utf8)
        return files
    }

    static let brokenCatalogues: [(label: String, files: [String: [UInt8]], mentions: String)] = [
        ("no flow", [:], "no <flow>/flow.json"),
        ("bad JSON", replacing("retirement/flow.json", "{", "["), "invalid JSON"),
        ("missing department file", { var f = retirementFiles(); f["retirement/departments/hpf.json"] = nil; return f }(), "hpf.json"),
        ("unknown dependency", replacing("retirement/flow.json", "\"after\": [\"M04\"]", "\"after\": [\"M99\"]"), "M99"),
        ("cycle", replacing("retirement/flow.json", "\"timeLimit\": \"1wd\", \"requires\": []", "\"timeLimit\": \"1wd\", \"requires\": [\"M05\"]"), "cycle"),
        ("bad rule", replacing("retirement/flow.json", "{\"nonEmpty\": \"pension.deemedPeriods\"}", "{\"sometimes\": 1}"), "unknown operation"),
        ("bad time limit", replacing("retirement/flow.json", "\"15wd\"", "\"15w\""), "positive time limit"),
        ("fractional working days", replacing("retirement/flow.json", "\"15wd\"", "\"1.5wd\""), "positive time limit"),
        ("working days for the acknowledgement", replacing("retirement/flow.json", "\"10m\"", "\"10wd\""), "must be a positive duration"),
        ("adjusted working day on a weekday", replacing("calendar/2026.json", "[\"2026-01-04\"]", "[\"2026-01-05\"]"), "not a Saturday or Sunday"),
        ("day off and working day at once", replacing("calendar/2026.json", "[\"2026-01-04\"]", "[\"2026-01-03\"]"), "both a day off"),
        ("calendar file named after another year", replacing("calendar/2026.json", "\"year\": 2026", "\"year\": 2027"), "must be named"),
        ("gap between calendar years", { var f = retirementFiles(); f["calendar/2028.json"] = Array(#"{"year": 2028, "source": "test", "holidays": []}"#.utf8); return f }(), "without a gap"),
        ("misspelt calendar key", replacing("calendar/2025.json", "\"adjustedWorkingDays\": []", "\"adjustedWorkdays\": []"), "unknown key adjustedWorkdays"),
        ("reply misses an output", replacing("retirement/departments/hpf.json",
                                             "{\"field\": \"tqje\", \"output\": \"amount\", \"format\": \"yuan\"},", ""), "must map each output"),
        ("format does not fit type", replacing("retirement/departments/hpf.json", "\"output\": \"amount\", \"format\": \"yuan\"",
                                               "\"output\": \"amount\", \"format\": \"integer\""), "does not fit"),
        ("unknown output source", replacing("retirement/departments/hrss.json", "M10.confirmationNo", "M10.confirmationNumber"),
         "no output confirmationNumber"),
        ("unknown code table", replacing("retirement/departments/health.json", "\"codeTable\": \"sex\"", "\"codeTable\": \"gender\""),
         "unknown code table"),
        ("missing status code", replacing("retirement/departments/health.json", "\"RECEIVED\": \"received\", ", ""), "no code for received"),
        ("unknown check", replacing("retirement/application.json", "\"check\": \"creditCode\"", "\"check\": \"vatNumber\""), "unknown check"),
        ("unknown field type", replacing("retirement/application.json", "\"type\": \"datetime\"", "\"type\": \"instant\""), "unknown type"),
        ("misspelt matter key", replacing("retirement/flow.json", "\"applicableWhen\": {\"isTrue\"", "\"applicableWhne\": {\"isTrue\""),
         "unknown key applicableWhne"),
        ("misspelt field key", replacing("retirement/application.json", "\"maxLength\": 64", "\"maxLenght\": 64"), "unknown key maxLenght"),
        ("misspelt request key", replacing("retirement/departments/hrss.json", "\"codeTable\": \"retirementClass\"",
                                           "\"codetable\": \"retirementClass\""), "unknown key codetable"),
        ("bad output visibility", replacing("retirement/flow.json", "\"visibility\": \"internal\"", "\"visibility\": \"secret\""),
         "must be public or internal"),
        ("channel field not in the form", replacing("retirement/channels.json", "\"applicant.phone\", \"applicant.address\"]",
                                                    "\"applicant.phone\", \"applicant.adress\"]"), "applicant.adress is not a field of the form"),
        ("protected field not in the form", replacing("retirement/channels.json", "\"pension.bankAccount\"", "\"pension.account\""),
         "pension.account is not a field of the form"),
        ("misspelt channel key", replacing("retirement/channels.json", "\"actsForApplicant\"", "\"actsForApplicants\""),
         "unknown key actsForApplicants"),
        ("channel source not a path", replacing("retirement/channels.json", "\"/channels/bank\"", "\"bank\""), "source must be a path"),
    ]

    @Test(arguments: 0..<brokenCatalogues.count)
    func brokenCataloguesAreRefusedNamingTheProblem(index: Int) {
        let (label, files, mentions) = Self.brokenCatalogues[index]
        do {
            _ = try Catalogue.load(files: files)
            Issue.record("\(label): expected a CatalogueError")
        } catch {
            #expect(error.description.contains(mentions), "\(label): \(error.description)")
        }
    }
}
