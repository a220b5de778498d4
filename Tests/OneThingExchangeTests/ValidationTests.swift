import Testing
@testable import OneThingExchange

/// Every rule of the form (the shared specification's application.md; README, "The
/// contract"), passing and failing, with dotted paths and codes.
@Suite struct ValidationTests {
    let flow: Flow
    init() throws { flow = try #require(Fixtures.retirement) }

    func issues(_ document: JSONValue) -> [FieldIssue] { flow.validate(document).issues }

    func expectIssue(_ document: JSONValue, field: String, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = issues(document)
        #expect(found.contains { $0.field == field && $0.code == code }, "expected \(field) \(code), got \(found)",
                sourceLocation: sourceLocation)
    }

    @Test func theExampleIsValidAndGeneratedIDsAreAccepted() throws {
        #expect(issues(Applications.example).isEmpty)
        let woman = Applications.person(gender: "female", year: 1972, month: 3, category: "cadre", requested: "2027-10-01")
        #expect(issues(woman).isEmpty)
    }

    static let requiredFields = [
        "applicationId", "submittedAt", "channel", "handlingRegion", "applicant", "applicant.name", "applicant.idNumber",
        "applicant.gender", "applicant.birthDate", "applicant.ethnicity", "applicant.phone", "applicant.address",
        "employer", "employer.name", "employer.creditCode", "employer.fiscalFunded", "retirement", "retirement.type",
        "retirement.requestedDate", "pension", "pension.bankName", "pension.bankAccount", "medical",
        "medical.insuredRegion", "medical.claimDeemedYears", "housingFund.accountNo", "housingFund.bankAccount",
        "familyPlanning.honorCertificateNo",
    ]

    @Test(arguments: requiredFields)
    func missingRequiredFieldIsReported(field: String) {
        expectIssue(Applications.setting(field, .null), field: field, code: "required")
    }

    @Test func optionalBlocksMayBeAbsentOrNull() {
        for field in ["housingFund", "familyPlanning", "agent", "pension.deemedPeriods"] {
            var document = Applications.setting(field, .null)
            if field == "pension.deemedPeriods" { document = document.mergePatched(with: Applications.patch("medical.claimDeemedYears", false)) }
            #expect(issues(document).isEmpty, "\(field): \(issues(document))")
        }
    }

    @Test func unknownFieldsAnywhereAreReported() {
        expectIssue(Applications.setting("nickname", "x"), field: "nickname", code: "unknown-field")
        expectIssue(Applications.setting("applicant.nickName", "x"), field: "applicant.nickName", code: "unknown-field")
        expectIssue(Applications.setting("housingfund", .object(JSONObject())), field: "housingfund", code: "unknown-field")
        let period: JSONValue = ["from": "1983-07", "to": "1992-12", "employer": "厂", "note": "x"]
        expectIssue(Applications.setting("pension.deemedPeriods", [period]), field: "pension.deemedPeriods[0].note", code: "unknown-field")
    }

    static let typeCases: [(String, JSONValue)] = [
        ("applicationId", 5), ("submittedAt", true), ("applicant", "x"), ("applicant.name", 1),
        ("employer.fiscalFunded", "no"), ("medical.claimDeemedYears", 1), ("pension.deemedPeriods", "x"),
        ("retirement.requestedDate", 20250601), ("housingFund", ["a"]),
    ]

    @Test(arguments: 0..<typeCases.count)
    func wrongJSONTypeIsReported(index: Int) {
        let (field, value) = Self.typeCases[index]
        expectIssue(Applications.setting(field, value), field: field, code: "type")
    }

    @Test func specialWorkYearsMustBeAnInteger() {
        let base = Applications.setting("retirement", ["type": "special-work", "requestedDate": "2020-01-01",
                                                       "specialWork": ["workType": "井下", "years": "9"]])
        expectIssue(base, field: "retirement.specialWork.years", code: "type")
        let zero = base.mergePatched(with: Applications.patch("retirement.specialWork.years", 0))
        expectIssue(zero, field: "retirement.specialWork.years", code: "range")
        let fine = base.mergePatched(with: Applications.patch("retirement.specialWork.years", 9))
        #expect(issues(fine).isEmpty, "\(issues(fine))")
    }

    static let formatCases: [(String, JSONValue)] = [
        ("applicationId", "GX 1"), ("applicationId", "GX:1"), ("submittedAt", "2026-11-22 09:30:00"),
        ("submittedAt", "2026-11-22T09:30:00"), ("handlingRegion", "45010"), ("handlingRegion", "45010A"),
        ("applicant.birthDate", "1965-02-30"), ("applicant.birthDate", "19650315"), ("applicant.ethnicity", "8"),
        ("applicant.phone", "23907710000"), ("applicant.phone", "1390771000a"), ("applicant.phone", "139077100001"),
        ("pension.bankAccount", "622202040"), ("pension.bankAccount", "6222-0204-0201"), ("medical.insuredRegion", "4501"),
        ("housingFund.accountNo", "12345"), ("housingFund.bankAccount", "12345678901234567890123456789012"),
        ("retirement.requestedDate", "2025-6-1"), ("applicant.idNumber", "45010319650315179"),
        ("applicant.idNumber", "45010319650315179x"), ("applicant.idNumber", "450103196502301795"),
        ("employer.creditCode", "91450100398259791"), ("employer.creditCode", "91450100398259791I"),
        ("applicationId", .string(String(repeating: "A", count: 65))), ("applicationId", ""),
    ]

    @Test(arguments: 0..<formatCases.count)
    func badFormatIsReported(index: Int) {
        let (field, value) = Self.formatCases[index]
        expectIssue(Applications.setting(field, value), field: field, code: "format")
    }

    @Test func rfc3339TimestampsWithZoneAndFractionAreAccepted() {
        for text in ["2026-11-22T09:30:00Z", "2026-11-22T09:30:00.123+08:00", "2026-11-22T01:30:00-05:30"] {
            #expect(issues(Applications.setting("submittedAt", .string(text))).isEmpty, "\(text)")
        }
    }

    static let rangeCases: [(String, JSONValue)] = [
        ("channel", "fax"), ("applicant.gender", "unknown"), ("applicant.ethnicity", "57"), ("applicant.ethnicity", "00"),
        ("applicant.name", "   "), ("applicant.name", .string(String(repeating: "韦", count: 51))),
        ("applicant.address", .string(String(repeating: "路", count: 201))), ("applicant.address", ""),
        ("employer.name", ""), ("retirement.type", "early"),
        ("pension.bankName", .string(String(repeating: "行", count: 101))), ("familyPlanning.honorCertificateNo", ""),
    ]

    @Test(arguments: 0..<rangeCases.count)
    func outOfRangeIsReported(index: Int) {
        let (field, value) = Self.rangeCases[index]
        expectIssue(Applications.setting(field, value), field: field, code: "range")
    }

    @Test func boundaryLengthsAndValuesAreAccepted() {
        let cases: [(String, JSONValue)] = [
            ("applicant.name", .string(String(repeating: "韦", count: 50))), ("applicant.ethnicity", "56"), ("applicant.ethnicity", "01"),
            ("applicationId", .string(String(repeating: "a", count: 64))), ("applicationId", "a-_Z9"),
            ("pension.bankAccount", "1234567890"), ("pension.bankAccount", .string(String(repeating: "9", count: 30))),
            ("housingFund.accountNo", "123456"), ("applicant.name", " 韦明 "), ("channel", "bank"),
        ]
        for (field, value) in cases {
            #expect(issues(Applications.setting(field, value)).isEmpty, "\(field)=\(value): \(issues(Applications.setting(field, value)))")
        }
    }

    @Test func citizenIDChecksumIsVerified() {
        let valid = Checksums.citizenID(year: 1965, month: 3, day: 15, sequence: 179)
        #expect(valid == "450103196503151798")
        let wrongCheck = String(valid.dropLast()) + (valid.last == "1" ? "2" : "1")
        expectIssue(Applications.setting("applicant.idNumber", .string(wrongCheck)), field: "applicant.idNumber", code: "checksum")
        // An X check character is accepted where the checksum calls for it.
        var sequence = 1
        var withX = Checksums.citizenID(year: 1965, month: 3, day: 15, sequence: sequence)
        while !withX.hasSuffix("X") { sequence += 2; withX = Checksums.citizenID(year: 1965, month: 3, day: 15, sequence: sequence) }
        #expect(issues(Applications.setting("applicant.idNumber", .string(withX))).isEmpty)
    }

    @Test func citizenIDMustAgreeWithBirthDateAndGender() {
        expectIssue(Applications.setting("applicant.birthDate", "1965-03-16"), field: "applicant.birthDate", code: "mismatch")
        let female = Applications.setting("applicant.gender", "female")
        expectIssue(female.mergePatched(with: Applications.patch("applicant.category", "worker")), field: "applicant.gender", code: "mismatch")
    }

    @Test func creditCodeChecksumIsVerified() {
        let valid = Checksums.creditCode("91450100398259791")
        #expect(valid == "91450100398259791F")
        #expect(issues(Applications.setting("employer.creditCode", .string(Checksums.creditCode("92450000MA5KXXXX0")))).isEmpty)
        expectIssue(Applications.setting("employer.creditCode", "91450100398259791G"), field: "employer.creditCode", code: "checksum")
        // A check value of 31 is written 0.
        var body = 0
        while true {
            let text = "914501003982" + String(10000 + body)
            let code = Checksums.creditCode(text)
            if code.hasSuffix("0") {
                #expect(issues(Applications.setting("employer.creditCode", .string(code))).isEmpty)
                break
            }
            body += 1
        }
    }

    /// (gender, category, birth month, statutory month) read off the specification's table (application.md).
    static let statutoryMonths: [(String, String, Int, Int, String)] = [
        ("male", "worker", 1964, 12, "2024-12"), ("male", "cadre", 1965, 1, "2025-02"), ("male", "worker", 1965, 4, "2025-05"),
        ("male", "worker", 1965, 5, "2025-07"), ("male", "worker", 1976, 8, "2039-07"), ("male", "worker", 1976, 9, "2039-09"),
        ("male", "worker", 1980, 1, "2043-01"),
        ("female", "cadre", 1969, 12, "2024-12"), ("female", "cadre", 1970, 1, "2025-02"), ("female", "cadre", 1970, 4, "2025-05"),
        ("female", "cadre", 1970, 5, "2025-07"), ("female", "cadre", 1981, 8, "2039-07"), ("female", "cadre", 1981, 9, "2039-09"),
        ("female", "worker", 1974, 12, "2024-12"), ("female", "worker", 1975, 1, "2025-02"), ("female", "worker", 1975, 2, "2025-03"),
        ("female", "worker", 1975, 3, "2025-05"), ("female", "worker", 1984, 10, "2039-09"), ("female", "worker", 1984, 11, "2039-11"),
        ("female", "worker", 1990, 1, "2045-01"),
    ]

    @Test(arguments: 0..<statutoryMonths.count)
    func statutoryRetirementMonthBoundaries(index: Int) {
        let (gender, category, year, month, statutory) = Self.statutoryMonths[index]
        let onTime = Applications.person(gender: gender, year: year, month: month, category: category, requested: statutory + "-01")
        #expect(issues(onTime).isEmpty, "\(gender) \(category) \(year)-\(month): \(issues(onTime))")
        let parts = statutory.split(separator: "-").compactMap { Int($0) }
        let previous = parts[1] == 1 ? "\(parts[0] - 1)-12-31" : "\(parts[0])-\(parts[1] - 1 < 10 ? "0" : "")\(parts[1] - 1)-28"
        let early = Applications.person(gender: gender, year: year, month: month, category: category, requested: previous)
        let found = issues(early)
        #expect(found.count == 1 && found.first?.field == "retirement.requestedDate" && found.first?.code == "too-early",
                "\(found)")
        #expect(found.first?.message.contains(statutory) == true)
    }

    @Test func statutoryAgeIsNotCheckedForSpecialWorkOrDisability() {
        let young = Applications.person(gender: "male", year: 1970, month: 1, requested: "2020-01-01")
        expectIssue(young, field: "retirement.requestedDate", code: "too-early")
        let special = young.mergePatched(with: ["retirement": ["type": "special-work", "specialWork": ["workType": "高温", "years": 10]]])
        #expect(issues(special).isEmpty, "\(issues(special))")
        let disability = young.mergePatched(with: ["retirement": ["type": "disability", "disability": ["appraisalNo": "JD-1"]]])
        #expect(issues(disability).isEmpty, "\(issues(disability))")
    }

    @Test func categoryIsRequiredForWomenAndIgnoredForMen() {
        let woman = Applications.person(gender: "female", year: 1970, month: 1, category: "cadre", requested: "2025-02-01")
        expectIssue(woman.mergePatched(with: Applications.patch("applicant.category", .null)), field: "applicant.category", code: "required")
        expectIssue(woman.mergePatched(with: Applications.patch("applicant.category", "boss")), field: "applicant.category", code: "range")
        #expect(issues(Applications.setting("applicant.category", "boss")).isEmpty)
        #expect(issues(Applications.setting("applicant.category", .null)).isEmpty)
    }

    @Test func conditionalBlocksFollowTheRetirementType() {
        expectIssue(Applications.setting("retirement.type", "special-work"), field: "retirement.specialWork", code: "required")
        expectIssue(Applications.setting("retirement.type", "disability"), field: "retirement.disability", code: "required")
        expectIssue(Applications.setting("retirement.specialWork", ["workType": "x", "years": 1]), field: "retirement.specialWork", code: "mismatch")
        expectIssue(Applications.setting("retirement.disability", ["appraisalNo": "x"]), field: "retirement.disability", code: "mismatch")
        let disability = Applications.setting("retirement", ["type": "disability", "disability": ["appraisalNo": ""]])
        expectIssue(disability, field: "retirement.disability.appraisalNo", code: "range")
    }

    @Test func agentIsRequiredForProxyAndCommunityAndFollowsTheIDRules() {
        expectIssue(Applications.setting("channel", "proxy"), field: "agent", code: "required")
        expectIssue(Applications.setting("channel", "community"), field: "agent", code: "required")
        let agentID = Checksums.citizenID(region: "450102", year: 1990, month: 2, day: 28, sequence: 22)
        let proxy = Applications.with(["channel": "proxy", "agent": ["name": "韦小明", "idNumber": .string(agentID), "relation": "子女"]])
        #expect(issues(proxy).isEmpty, "\(issues(proxy))")
        let badAgent = proxy.mergePatched(with: Applications.patch("agent.idNumber", .string(String(agentID.dropLast()) + "0")))
        #expect(issues(badAgent).contains { $0.field == "agent.idNumber" && ($0.code == "checksum") } || agentID.hasSuffix("0"))
        expectIssue(proxy.mergePatched(with: Applications.patch("agent.relation", .string(String(repeating: "亲", count: 21)))),
                    field: "agent.relation", code: "range")
        expectIssue(proxy.mergePatched(with: Applications.patch("agent.idNumber", "123")), field: "agent.idNumber", code: "format")
        // An agent on another channel is allowed (and checked).
        #expect(issues(proxy.mergePatched(with: ["channel": "window"])).isEmpty)
    }

    @Test func deemedPeriodsAreOrderedBeforeTheRequestedDateAndDisjoint() {
        func periods(_ list: [(String, String)]) -> JSONValue {
            Applications.setting("pension.deemedPeriods", .array(list.map { ["from": .string($0.0), "to": .string($0.1), "employer": "厂"] }))
        }
        expectIssue(periods([("1992-12", "1983-07")]), field: "pension.deemedPeriods[0].to", code: "range")
        #expect(issues(periods([("1983-07", "1983-07")])).isEmpty)
        expectIssue(periods([("1983-07", "2025-06")]), field: "pension.deemedPeriods[0].to", code: "range")
        #expect(issues(periods([("1983-07", "2025-05")])).isEmpty)
        expectIssue(periods([("1983-07", "1990-01"), ("1990-01", "1992-12")]), field: "pension.deemedPeriods[1]", code: "overlap")
        expectIssue(periods([("1985-01", "1990-01"), ("1983-07", "1986-12")]), field: "pension.deemedPeriods[1]", code: "overlap")
        #expect(issues(periods([("1983-07", "1989-12"), ("1990-01", "1992-12")])).isEmpty)
        expectIssue(periods([("1983-7", "1992-12")]), field: "pension.deemedPeriods[0].from", code: "format")
        expectIssue(periods([("1983-07", "1992-12")]).mergePatched(with: Applications.patch("pension.deemedPeriods", [.null])),
                    field: "pension.deemedPeriods[0]", code: "required")
    }

    @Test func claimingMedicalDeemedYearsNeedsPensionDeemedPeriods() {
        expectIssue(Applications.setting("pension.deemedPeriods", []), field: "medical.claimDeemedYears", code: "mismatch")
        expectIssue(Applications.setting("pension.deemedPeriods", .null), field: "medical.claimDeemedYears", code: "mismatch")
        let noClaim = Applications.with(["pension": ["deemedPeriods": []], "medical": ["claimDeemedYears": false]])
        #expect(issues(noClaim).isEmpty)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let document = Applications.with([
            "channel": "fax", "extra": 1,
            "applicant": ["phone": "123", "birthDate": "1965-03-16", "idNumber": "450103196503151797"],
            "employer": ["creditCode": "91450100398259791G"],
            "pension": ["bankAccount": .null],
        ])
        let found = Set(issues(document).map { "\($0.field) \($0.code)" })
        #expect(found == ["channel range", "extra unknown-field", "applicant.phone format", "applicant.idNumber checksum",
                          "employer.creditCode checksum", "pension.bankAccount required"], "\(found)")
    }

    @Test func nonObjectDocumentsAreATypeProblem() {
        for document: JSONValue in [.null, [], "x", 1] {
            #expect(issues(document).map(\.code) == ["type"])
        }
    }

    // MARK: Supplements

    func stored() throws -> Application { try #require(flow.validate(Applications.example).application) }

    @Test func supplementMergesAndRevalidates() throws {
        let application = try stored()
        let result = flow.supplement(application, changes: ["applicant": ["phone": "13800000000"], "housingFund": .null])
        let updated = try #require(result.application)
        #expect(updated.document[path: "applicant.phone"] == "13800000000")
        #expect(updated.document[path: "housingFund"] == nil)
        #expect(updated.document[path: "applicant.name"] == "韦明")
    }

    @Test func supplementMayNotChangeImmutableFields() throws {
        let application = try stored()
        let otherID = Checksums.citizenID(year: 1965, month: 3, day: 15, sequence: 111)
        let changes: JSONValue = ["applicationId": "GX-2", "applicant": ["idNumber": .string(otherID)],
                                  "retirement": ["type": "disability", "disability": ["appraisalNo": "x"]]]
        let found = flow.supplement(application, changes: changes).issues
        #expect(Set(found.filter { $0.code == "immutable" }.map(\.field)) == ["applicationId", "applicant.idNumber", "retirement.type"])
    }

    @Test func supplementResultIsFullyValidated() throws {
        let application = try stored()
        let found = flow.supplement(application, changes: ["applicant": ["phone": "99"], "bogus": true]).issues
        #expect(Set(found.map { "\($0.field) \($0.code)" }) == ["applicant.phone format", "bogus unknown-field"])
        #expect(flow.supplement(application, changes: "x").issues.map(\.code) == ["type"])
        // Setting an immutable field to its current value is no change.
        #expect(flow.supplement(application, changes: ["applicationId": "GX-20261122-000001"]).application != nil)
    }
}

/// The fast count of a string's characters must be `count` for every kind of text.
@Suite struct CharacterCountTests {
    @Test(arguments: ["", "abc", "GX-20261122-000001", "韦小宝", "a\r\nb", "e\u{301}", "tab\there", "👩‍👩‍👧", "x\u{7F}"])
    func fastCountIsTheCharacterCount(_ text: String) {
        #expect(FormValidator.characterCount(text) == text.count)
    }
}
