import Foundation
import Testing
@testable import OneThingExchange

/// Requests of every department and matter: golden documents, exact field lists (data
/// minimisation), earlier outputs flowing into later requests, translation errors.
@Suite struct RequestTests {
    let flow: Flow
    init() throws { flow = try #require(Fixtures.retirement) }

    static let matters = ["M10", "M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09"]

    /// The example application, varied by retirement type for the eligibility matters.
    static func document(for matter: String) -> JSONValue {
        switch matter {
        case "M02":
            return Applications.with(["retirement": ["type": "special-work", "requestedDate": "2020-03-01",
                                                     "specialWork": ["workType": "井下作业", "years": 12]],
                                      "pension": ["deemedPeriods": [["from": "1983-07", "to": "1992-12", "employer": "南宁市第二机械厂"]]]])
        case "M03":
            return Applications.with(["retirement": ["type": "disability", "requestedDate": "2021-09-01",
                                                     "disability": ["appraisalNo": "GXLD2021-0088"]]])
        default:
            return Applications.example
        }
    }

    static let outputs: [String: JSONObject] = [
        "M10": JSONObject([("confirmationNo", "HJ2026112200017"), ("hukouRegion", "450103"), ("hukouAddress", "南宁市青秀区民族大道100号")]),
        "M01": JSONObject([("retirementDate", "2025-06-01"), ("certificateNo", "GXTX2026000123")]),
        "M02": JSONObject([("retirementDate", "2020-03-01"), ("certificateNo", "GXTX2020000456")]),
        "M03": JSONObject([("retirementDate", "2021-09-01"), ("certificateNo", "GXTX2021000789")]),
        "M04": JSONObject([("deemedMonths", 114)]),
        "M07": JSONObject([("deemedMonths", 114)]),
    ]

    func encode(_ matter: String, document: JSONValue? = nil, outputs: [String: JSONObject] = outputs) throws -> EncodedDocument {
        let application = try #require(flow.validate(document ?? Self.document(for: matter)).application)
        return try flow.encodeRequest(matter: matter, application: application, outputs: outputs,
                                      requestID: RequestID(applicationID: application.id, matter: matter, revision: 1))
    }

    func goldenName(_ matter: String) throws -> String {
        let department = try #require(flow.matter(matter)?.department)
        return "golden/request-\(department)-\(matter).\(department == "police" ? "xml" : "json")"
    }

    /// Set ONETHING_UPDATE_GOLDEN=1 to rewrite the files (then review the diff).
    @Test(arguments: matters)
    func requestMatchesItsGoldenDocument(matter: String) throws {
        let document = try encode(matter)
        let name = try goldenName(matter)
        if ProcessInfo.processInfo.environment["ONETHING_UPDATE_GOLDEN"] == "1" {
            let body = name.hasSuffix(".json") ? try JSONValue(parsing: document.body).serializedPretty() + [0x0A] : document.body
            try Data(body).write(to: Fixtures.fixtures.appendingPathComponent(name))
        }
        let golden = Fixtures.bytes(name)
        if name.hasSuffix(".xml") {
            #expect(document.body == golden)
        } else {
            // Compact and in mapping order: equal to the golden file re-serialized compactly.
            #expect(String(decoding: document.body, as: UTF8.self) == String(decoding: try JSONValue(parsing: golden).serialized(), as: UTF8.self))
        }
        // Byte-for-byte stable.
        #expect(try encode(matter).body == document.body)
    }

    @Test func goldenFilesMatchTheSpecExamplesWhereTheyExist() throws {
        for (golden, spec) in [("golden/request-hrss-M05.json", "spec/request-hrss-M05.json"),
                               ("golden/request-medicare-M06.json", "spec/request-medicare-M06.json")] {
            let goldenValue = try Fixtures.json(golden)
            let specValue = try Fixtures.json(spec)
            #expect(goldenValue.serialized() == specValue.serialized())
        }
        #expect(Fixtures.bytes("golden/request-police-M10.xml") == Fixtures.bytes("spec/request-police-M10.xml"))
    }

    // MARK: Data minimisation

    static let hrssCommon = ["JYBH", "SXBM", "AAC002", "AAC003", "AAC004", "AAC006", "AAC005", "AAB998", "AAB004"]
    static let hrssCommonSources = ["applicant.idNumber", "applicant.name", "applicant.gender", "applicant.birthDate",
                                    "applicant.ethnicity", "employer.creditCode", "employer.name"]
    static let medicareInput = ["psn_cert_type", "certno", "psn_name", "gend", "brdy", "naty", "insu_admdvs", "emp_name"]
    static let medicareSources = ["applicant.idNumber", "applicant.name", "applicant.gender", "applicant.birthDate",
                                  "applicant.ethnicity", "medical.insuredRegion", "employer.name"]

    /// The shared specification's departments.md (README, "The contract"), written out
    /// independently: the fields of each request (nested ones
    /// as dotted paths, list elements with []) and the application fields it may carry.
    static let expected: [String: (fields: [String], sources: [String])] = [
        "M10": (["QQBH", "GMSFHM", "XM", "XBDM", "CSRQ", "MZDM", "SQSY", "SLDW"],
                ["applicant.idNumber", "applicant.name", "applicant.gender", "applicant.birthDate", "applicant.ethnicity", "handlingRegion"]),
        "M01": (hrssCommon + ["AIC161", "AIC162", "HJQRLSH"], hrssCommonSources + ["retirement.requestedDate"]),
        "M02": (hrssCommon + ["AIC161", "AIC162", "HJQRLSH", "AIC301", "AIC302"],
                hrssCommonSources + ["retirement.requestedDate", "retirement.specialWork.workType", "retirement.specialWork.years"]),
        "M03": (hrssCommon + ["AIC161", "AIC162", "HJQRLSH", "AIC311"],
                hrssCommonSources + ["retirement.requestedDate", "retirement.disability.appraisalNo"]),
        "M04": (hrssCommon + ["HJQRLSH", "AIC201", "AIC201[].AAE030", "AIC201[].AAE031", "AIC201[].AAB004"],
                hrssCommonSources + ["pension.deemedPeriods"]),
        "M05": (hrssCommon + ["AIC162", "AIC165", "AIC202", "AAE008", "AAE010"],
                hrssCommonSources + ["pension.bankName", "pension.bankAccount"]),
        "M06": (["msgid", "infno", "input"] + medicareInput.map { "input." + $0 } + ["input.retr_date", "input.retr_cert_no", "input.deem_mons"],
                medicareSources),
        "M07": (["msgid", "infno", "input"] + medicareInput.map { "input." + $0 } + ["input.pens_deem_mons"], medicareSources),
        "M08": (["ywlsh", "zjlx", "zjhm", "xingming", "grzh", "tqyy", "txrq", "txzbh", "skzh"],
                ["applicant.idNumber", "applicant.name", "housingFund.accountNo", "housingFund.bankAccount"]),
        "M09": (["requestId", "idCard", "fullName", "sex", "honorCertNo", "employerName", "employerCreditCode", "retireDate"],
                ["applicant.idNumber", "applicant.name", "applicant.gender", "familyPlanning.honorCertificateNo",
                 "employer.name", "employer.creditCode"]),
    ]

    /// An application whose every text value is distinct, so a leak cannot hide behind a
    /// coincidence (the example uses one bank account for pension and housing fund).
    static func distinctDocument(for matter: String) -> JSONValue {
        document(for: matter).mergePatched(with: [
            "handlingRegion": "450105",
            "housingFund": ["accountNo": "777000111222", "bankAccount": "8888000011112222333"],
            "medical": ["insuredRegion": "450199"],
            "agent": ["name": "代办人甲", "idNumber": .string(Checksums.citizenID(region: "450102", year: 1990, month: 2, day: 28, sequence: 22)),
                      "relation": "子女"],
        ])
    }

    static func fieldPaths(_ value: JSONValue, prefix: String = "") -> [String] {
        switch value {
        case .object(let object):
            return object.flatMap { key, child in [prefix + key] + fieldPaths(child, prefix: prefix + key + ".") }
        case .array(let items):
            return Array(Set(items.flatMap { fieldPaths($0, prefix: String(prefix.dropLast()) + "[].") })).sorted()
        default:
            return []
        }
    }

    static func leaves(_ value: JSONValue, path: String = "") -> [(String, String)] {
        switch value {
        case .object(let object): return object.flatMap { leaves($1, path: path.isEmpty ? $0 : path + "." + $0) }
        case .array(let items): return items.enumerated().flatMap { leaves($1, path: "\(path)[\($0)]") }
        case .string(let s): return [(path, s)]
        case .int(let i): return [(path, String(i))]
        default: return []
        }
    }

    func parsedRequest(_ document: EncodedDocument) throws -> JSONValue {
        if document.contentType == "application/xml" {
            return .object(try XMLReader.read(document.body).get().content)
        }
        return try JSONValue(parsing: document.body)
    }

    @Test(arguments: matters)
    func requestCarriesExactlyItsListedFieldsAndNoOtherApplicationValue(matter: String) throws {
        let expectation = try #require(Self.expected[matter])
        let document = Self.distinctDocument(for: matter)
        var outputs = Self.outputs
        outputs["M01"] = JSONObject([("retirementDate", "2025-06-30"), ("certificateNo", "GXTX2026000123")])
        let request = try encode(matter, document: document, outputs: outputs)
        let parsed = try parsedRequest(request)
        #expect(Set(Self.fieldPaths(parsed)) == Set(expectation.fields))
        #expect(Self.fieldPaths(parsed).count == expectation.fields.count)

        // The request id carries the application id; the listed sources may appear. Remove
        // them, then no other application value may be left in the body.
        let sources = expectation.sources + ["applicationId"]
        func isAllowed(_ path: String) -> Bool {
            sources.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
        }
        var body = String(decoding: request.body, as: UTF8.self)
        for (path, value) in Self.leaves(document) where isAllowed(path) && value.count >= 4 {
            body = body.replacingOccurrences(of: value, with: "")
        }
        for (path, value) in Self.leaves(document) where value.count >= 4 {
            if !isAllowed(path) {
                #expect(!body.contains(value), "\(matter) request leaks \(path) = \(value)")
                let digits = value.filter(\.isNumber)
                if value.contains("-"), digits.count >= 6 { #expect(!body.contains(digits), "\(matter) leaks \(path) reformatted") }
            }
        }
    }

    @Test func noBankAccountReachesPoliceOrHealthOrMedicare() throws {
        for matter in ["M10", "M06", "M07", "M09", "M01", "M04"] {
            let body = String(decoding: try encode(matter, document: Self.distinctDocument(for: matter)).body, as: UTF8.self)
            #expect(!body.contains("6222020402012345678") && !body.contains("8888000011112222333"), "\(matter)")
        }
    }

    // MARK: Outputs flowing into later requests

    @Test func missingOptionalPrerequisitesUseTheirDefaults() throws {
        let noDeemed = Applications.with(["pension": ["deemedPeriods": []], "medical": ["claimDeemedYears": false]])
        let outputs = ["M10": Self.outputs["M10"] ?? JSONObject(), "M01": Self.outputs["M01"] ?? JSONObject()]
        let m05 = try JSONValue(parsing: try encode("M05", document: noDeemed, outputs: outputs).body)
        #expect(m05[path: "AIC202"] == 0)
        #expect(m05[path: "AIC162"] == "20250601")
        let m06 = try JSONValue(parsing: try encode("M06", document: noDeemed, outputs: outputs).body)
        #expect(m06[path: "input.deem_mons"] == 0)
    }

    @Test func eligibilityOutputsComeFromWhicheverMemberApplies() throws {
        let m08 = try JSONValue(parsing: try encode("M08", document: Self.document(for: "M02"),
                                                    outputs: ["M02": Self.outputs["M02"] ?? JSONObject()]).body)
        #expect(m08[path: "txrq"] == "2020-03-01")
        #expect(m08[path: "txzbh"] == "GXTX2020000456")
        let m09 = try JSONValue(parsing: try encode("M09", document: Self.document(for: "M03"),
                                                    outputs: ["M03": Self.outputs["M03"] ?? JSONObject()]).body)
        #expect(m09[path: "retireDate"] == "2021/09/01")
        #expect(m09[path: "sex"] == "男")
    }

    @Test func missingRequiredOutputIsATranslationError() throws {
        #expect(throws: TranslationError.self) { try encode("M05", outputs: [:]) }
        #expect(throws: TranslationError.self) { try encode("M01", outputs: [:]) }
        #expect(throws: TranslationError.self) { try encode("M07", outputs: [:]) }
        #expect(throws: TranslationError.self) { try encode("M99") }
        var badDate = Self.outputs
        badDate["M01"] = JSONObject([("retirementDate", "01/06/2025"), ("certificateNo", "C")])
        #expect(throws: TranslationError.self) { try encode("M05", outputs: badDate) }
    }

    @Test func xmlTextIsEscaped() throws {
        let document = Applications.setting("applicant.name", "A&B <韦> \"q\" 'x'")
        let body = String(decoding: try encode("M10", document: document).body, as: UTF8.self)
        #expect(body.contains("<XM>A&amp;B &lt;韦&gt; &quot;q&quot; &apos;x&apos;</XM>"))
        let parsed = try parsedRequest(try encode("M10", document: document))
        #expect(parsed[path: "XM"] == "A&B <韦> \"q\" 'x'")
    }
}

/// XML text escaping, whether a value takes the fast path (nothing to escape) or not.
@Suite struct XMLEscapeTests {
    @Test func escapesMarkupAndKeepsEverythingElse() throws {
        #expect(try XMLWriter.escape("a&b<c>\"d'") == "a&amp;b&lt;c&gt;&quot;d&apos;")
        for plain in ["", "plain", "韦小宝 广西", "tab\tline\nreturn\r", "ï", "\u{FFFD}", "GX-20261122-000001:M10:r1"] {
            #expect(try XMLWriter.escape(plain) == plain, "\(plain)")
        }
        #expect(try XMLWriter.escape("韦&\u{FFFD}") == "韦&amp;\u{FFFD}")
    }

    @Test(arguments: ["\u{01}", "a\u{1F}b", "\u{FFFE}", "x\u{FFFF}"])
    func refusesWhatXMLCannotCarry(_ text: String) {
        #expect(throws: TranslationError.self) { try XMLWriter.escape(text) }
    }
}
