import Foundation
import OneThingExchange
import OneThingSupport

/// Makes unified applications for the demo, the tests, `deptsim`'s companions and the
/// benchmark: valid ones of every retirement type with any mix of optional blocks, and
/// deliberately invalid ones with a known fault. Everything follows from the seed.
///
/// Valid by construction: ID numbers carry the birth date, gender parity and check
/// character; credit codes their MOD 31 check; a normal retirement is requested on or
/// after the statutory month; deemed periods are ordered, disjoint and before the
/// requested date; an agent is present exactly for proxy and community channels.
public struct ApplicationGenerator: Sendable {
    /// The field added by `ApplicationDefect.unknownField`.
    public static let unknownFieldPath = "applicant.nickName"

    private var random: SeededGenerator
    private var counter = 0
    private let idPrefix: String
    private let submittedAt: Date

    /// - Parameters:
    ///   - idPrefix: application ids are `<idPrefix>-<yyyyMMdd>-<000001>`; give each run
    ///     its own prefix when several share one broker.
    ///   - submittedAt: the `submittedAt` of every form (and the date in its id).
    public init(seed: UInt64, idPrefix: String = "GX", submittedAt: Date = Date()) {
        random = SeededGenerator(seed: seed)
        self.idPrefix = idPrefix
        self.submittedAt = submittedAt
    }

    /// A random mix close to real intake: mostly normal retirements, optional blocks
    /// often present, a few fiscal-funded employers, flexible workers and agent channels.
    public mutating func randomOptions() -> ApplicationOptions {
        let kindDraw = random.unit()
        let kind: RetirementKind = kindDraw < 0.7 ? .normal : (kindDraw < 0.85 ? .specialWork : .disability)
        let groupDraw = random.unit()
        let group: ApplicantGroup = groupDraw < 0.5 ? .man : (groupDraw < 0.7 ? .womanCadre : .womanWorker)
        let deemed = random.chance(0.45)
        // Drawn in this order (seeded runs keep their mix): one draw for the employer,
        // 20 % fiscal-funded, 10 % none (flexible workers).
        let channel = ApplicationOptions.channels.randomElement(using: &random) ?? "online"
        let claim = deemed && random.chance(0.7)
        let housingFund = random.chance(0.6), familyPlanning = random.chance(0.35)
        let employerDraw = random.unit()
        return ApplicationOptions(
            kind: kind, group: group, channel: channel,
            deemedPeriods: deemed, claimMedicalDeemedYears: claim,
            housingFund: housingFund, familyPlanning: familyPlanning,
            fiscalFundedEmployer: employerDraw < 0.2, flexibleWorker: employerDraw >= 0.9)
    }

    /// The next application: invalid with probability `invalidRate` (a random defect),
    /// else valid with random options.
    public mutating func next(invalidRate: Double = 0) -> GeneratedApplication {
        if random.chance(invalidRate) {
            return makeInvalid(ApplicationDefect.allCases.randomElement(using: &random) ?? .badChecksum)
        }
        return make(randomOptions())
    }

    /// A valid application with exactly these options.
    public mutating func make(_ options: ApplicationOptions) -> GeneratedApplication {
        build(options, defect: nil)
    }

    /// An application valid in every respect but `defect`.
    public mutating func makeInvalid(_ defect: ApplicationDefect, options: ApplicationOptions? = nil) -> GeneratedApplication {
        var chosen = options ?? randomOptions()
        if defect == .tooEarly { chosen.kind = .normal }
        return build(chosen, defect: defect)
    }

    // MARK: Building

    private mutating func nextID() -> String {
        counter += 1
        let day = CivilDate(submittedAt)
        return "\(idPrefix)-\(day.compact)-\(counter.zeroPadded(to: 6))"
    }

    private mutating func build(_ options: ApplicationOptions, defect: ApplicationDefect?) -> GeneratedApplication {
        let id = nextID()
        let male = options.group == .man
        let birth = birthDate(options)
        let requested = requestedDate(options, birth: birth, tooEarly: defect == .tooEarly)
        let region = SampleData.regions.randomElement(using: &random) ?? "450103"
        var idNumber = IdentityNumbers.citizenID(region: region, birthDate: birth, male: male, using: &random)
        if defect == .badChecksum { idNumber = IdentityNumbers.corruptingCheck(of: idNumber) }

        var applicant = JSONObject()
        applicant["name"] = .string(personName(male: male))
        applicant["idNumber"] = .string(idNumber)
        applicant["gender"] = .string(male ? "male" : "female")
        applicant["birthDate"] = .string(birth.iso)
        applicant["ethnicity"] = .string((random.chance(0.6) ? 1 : Int.random(in: 2...56, using: &random)).zeroPadded(to: 2))
        switch options.group {
        case .man: if random.chance(0.5) { applicant["category"] = .string("worker") }
        case .womanCadre: applicant["category"] = .string("cadre")
        case .womanWorker: applicant["category"] = .string("worker")
        }
        applicant["phone"] = .string("1" + (["3", "5", "8", "9"].randomElement(using: &random) ?? "3") + digits(9))
        applicant["address"] = .string((SampleData.streets.randomElement(using: &random) ?? "南宁市青秀区民族大道")
                                       + "\(Int.random(in: 1...300, using: &random))号")
        if defect == .unknownField { applicant["nickName"] = .string("老" + (SampleData.surnames.randomElement(using: &random) ?? "韦")) }

        var employer = JSONObject()
        employer["name"] = .string(SampleData.employers.randomElement(using: &random) ?? "广西某机械有限公司")
        employer["creditCode"] = .string(IdentityNumbers.creditCode(region: region, using: &random))
        employer["fiscalFunded"] = .bool(options.fiscalFundedEmployer)

        var retirement = JSONObject()
        retirement["type"] = .string(options.kind.rawValue)
        retirement["requestedDate"] = .string(requested.iso)
        switch options.kind {
        case .normal: break
        case .specialWork:
            retirement["specialWork"] = .object(JSONObject([
                ("workType", .string(SampleData.specialWorkTypes.randomElement(using: &random) ?? "井下作业")),
                ("years", .int(Int64.random(in: 8...25, using: &random))),
            ]))
        case .disability:
            retirement["disability"] = .object(JSONObject([
                ("appraisalNo", .string("桂劳鉴\(requested.year)第\(digits(5))号")),
            ]))
        }

        let bankAccount = "6222" + digits(15)
        var pension = JSONObject()
        pension["bankName"] = .string(SampleData.banks.randomElement(using: &random) ?? "中国工商银行南宁分行")
        pension["bankAccount"] = .string(bankAccount)
        if options.deemedPeriods { pension["deemedPeriods"] = .array(deemedPeriods(birth: birth)) }

        var document = JSONObject()
        document["applicationId"] = .string(id)
        document["submittedAt"] = .string(Timestamp.rfc3339(submittedAt))
        document["channel"] = .string(options.channel)
        document["handlingRegion"] = .string(region)
        document["applicant"] = .object(applicant)
        if options.flexibleWorker {
            // The employer is still drawn (and dropped), so later draws stay the same.
            document["insuredCategory"] = .string("flexible")
        } else {
            document["employer"] = .object(employer)
        }
        document["retirement"] = .object(retirement)
        document["pension"] = .object(pension)
        document["medical"] = .object(JSONObject([
            ("insuredRegion", .string(String(region.prefix(4)) + "00")),
            ("claimDeemedYears", .bool(options.claimMedicalDeemedYears)),
        ]))
        if options.housingFund {
            document["housingFund"] = .object(JSONObject([
                ("accountNo", .string(String(region.prefix(4)) + digits(8))),
                ("bankAccount", .string(random.chance(0.7) ? bankAccount : "6217" + digits(15))),
            ]))
        }
        if options.familyPlanning {
            document["familyPlanning"] = .object(JSONObject([("honorCertificateNo", .string("桂计光字" + digits(7)))]))
        }
        if options.needsAgent {
            let agentMale = random.chance(0.5)
            let agentBirth = CivilDate(year: Int.random(in: 1980...1998, using: &random),
                                       month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random)) ?? birth
            document["agent"] = .object(JSONObject([
                ("name", .string(personName(male: agentMale))),
                ("idNumber", .string(IdentityNumbers.citizenID(region: region, birthDate: agentBirth, male: agentMale, using: &random))),
                ("relation", .string(SampleData.relations.randomElement(using: &random) ?? "子女")),
            ]))
        } else if random.chance(0.3) {
            document["agent"] = .null
        }
        return GeneratedApplication(id: id, document: .object(document), options: options, defect: defect)
    }

    /// Born so that the retirement falls around 2025-2027 for the type and group.
    private mutating func birthDate(_ options: ApplicationOptions) -> CivilDate {
        let years: ClosedRange<Int>
        switch (options.kind, options.group) {
        case (.normal, .man): years = 1963...1966
        case (.normal, .womanCadre): years = 1968...1971
        case (.normal, .womanWorker): years = 1973...1976
        case (.specialWork, .man): years = 1968...1971
        case (.specialWork, _): years = 1978...1981
        case (.disability, .man): years = 1972...1975
        case (.disability, _): years = 1978...1981
        }
        let year = Int.random(in: years, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        return CivilDate(year: year, month: month, day: Int.random(in: 1...CivilDate.daysIn(year: year, month: month), using: &random))
            ?? CivilDate(daysSinceEpoch: 0)
    }

    /// Normal: the statutory month or up to three months later (three months earlier for
    /// `tooEarly`); early retirements: at the usual early age.
    private mutating func requestedDate(_ options: ApplicationOptions, birth: CivilDate, tooEarly: Bool) -> CivilDate {
        switch options.kind {
        case .normal:
            let earliest = StatutoryAge.earliestNormalRetirement(group: options.group.statutoryGroup, birth: birth)
            return tooEarly ? earliest.firstOfMonth(adding: -Int.random(in: 1...6, using: &random))
                            : earliest.firstOfMonth(adding: Int.random(in: 0...3, using: &random))
        case .specialWork, .disability:
            let age = options.group == .man ? 55 : 45
            return birth.firstOfMonth(adding: age * 12 + Int.random(in: 1...6, using: &random))
        }
    }

    /// One or two disjoint periods of the planned-economy years, long before retirement.
    private mutating func deemedPeriods(birth: CivilDate) -> [JSONValue] {
        var periods: [JSONValue] = []
        var start = birth.firstOfMonth(adding: 18 * 12 + Int.random(in: 0...24, using: &random))
        for _ in 0..<Int.random(in: 1...2, using: &random) {
            let end = start.firstOfMonth(adding: Int.random(in: 11...95, using: &random))
            periods.append(.object(JSONObject([
                ("from", .string(start.monthIndex.text)), ("to", .string(end.monthIndex.text)),
                ("employer", .string(SampleData.formerEmployers.randomElement(using: &random) ?? "南宁市第二机械厂")),
            ])))
            start = end.firstOfMonth(adding: Int.random(in: 1...24, using: &random))
        }
        return periods
    }

    private mutating func personName(male: Bool) -> String {
        let surname = SampleData.surnames.randomElement(using: &random) ?? "韦"
        let given = (male ? SampleData.maleGiven : SampleData.femaleGiven).randomElement(using: &random) ?? "明"
        return surname + given
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }
}
