import Foundation
import OneThingExchange
import Testing
@testable import OneThingSimulator

@Suite struct ApplicationGeneratorTests {
    @Test func everyGeneratedApplicationPassesTheFlowsValidation() throws {
        let flow = try #require(TestCatalogue.flow)
        var generator = ApplicationGenerator(seed: 42)
        var kinds: Set<RetirementKind> = []
        var groups: Set<ApplicantGroup> = []
        var channels: Set<String> = []
        var matters: Set<String> = []
        var fiscalFundedFamilyPlanning = false
        for _ in 0..<400 {
            let generated = generator.next()
            let validation = flow.validate(generated.document)
            guard case .valid(let application) = validation else {
                Issue.record("generated \(generated.id) is invalid: \(validation)")
                continue
            }
            #expect(application.id == generated.id)
            kinds.insert(generated.options.kind)
            groups.insert(generated.options.group)
            channels.insert(generated.options.channel)
            let plan = flow.plan(application)
            matters.formUnion(plan.applicable)
            if generated.options.familyPlanning && generated.options.fiscalFundedEmployer {
                fiscalFundedFamilyPlanning = true
                #expect(plan.notApplicable.contains { $0.matter == "M09" && $0.reason.contains("fiscal") })
            }
            #expect(plan.applicable.contains("M04") == generated.options.deemedPeriods)
            #expect(plan.applicable.contains("M08") == generated.options.housingFund)
        }
        #expect(kinds == Set(RetirementKind.allCases))
        #expect(groups == Set(ApplicantGroup.allCases))
        #expect(channels == Set(ApplicationOptions.channels))
        #expect(matters == Set(flow.matters.map(\.code)))
        #expect(fiscalFundedFamilyPlanning)
    }

    @Test(arguments: ApplicationDefect.allCases)
    func aDeliberatelyInvalidApplicationFailsWithTheIntendedCode(defect: ApplicationDefect) throws {
        let flow = try #require(TestCatalogue.flow)
        var generator = ApplicationGenerator(seed: 3)
        for _ in 0..<25 {
            let generated = generator.makeInvalid(defect)
            #expect(generated.defect == defect)
            guard case .invalid(let issues) = flow.validate(generated.document) else {
                Issue.record("\(defect) application \(generated.id) passed validation")
                continue
            }
            #expect(issues.contains { $0.code == defect.expectedCode && $0.field == defect.expectedField },
                    "\(defect): \(issues)")
            #expect(issues.count == 1, "only the intended fault: \(issues)")
        }
    }

    @Test func statutoryAgeFollowsTheSpecsExamples() throws {
        // A man born 1965-01..04 retires at 60 years 1 month; 1965-05..08 at 60 years 2 months;
        // 1976-09 or later at 63. Women workers born 1975-01/02: 50 years 1 month.
        func month(_ year: Int, _ month: Int, _ group: StatutoryAge.Group) -> String {
            StatutoryAge.earliestNormalRetirement(group: group, birth: CivilDate(year: year, month: month, day: 15)!).monthIndex.text
        }
        #expect(month(1964, 12, .men) == "2024-12")
        #expect(month(1965, 1, .men) == "2025-02")
        #expect(month(1965, 4, .men) == "2025-05")
        #expect(month(1965, 5, .men) == "2025-07")
        #expect(month(1976, 9, .men) == "2039-09")
        #expect(month(1975, 2, .womenWorkers) == "2025-03")
        #expect(month(1975, 3, .womenWorkers) == "2025-05")
        #expect(month(1970, 1, .womenCadres) == "2025-02")
    }

    @Test func theSameSeedGivesTheSameApplications() {
        let instant = Date(timeIntervalSince1970: 1_795_000_000)
        var first = ApplicationGenerator(seed: 99, submittedAt: instant)
        var second = ApplicationGenerator(seed: 99, submittedAt: instant)
        var other = ApplicationGenerator(seed: 100, submittedAt: instant)
        let a = (0..<20).map { _ in first.next(invalidRate: 0.2) }
        let b = (0..<20).map { _ in second.next(invalidRate: 0.2) }
        let c = (0..<20).map { _ in other.next(invalidRate: 0.2) }
        #expect(a == b)
        #expect(a.map(\.document) != c.map(\.document))
    }

    @Test func agentsAppearExactlyForProxyAndCommunityChannels() throws {
        let flow = try #require(TestCatalogue.flow)
        var generator = ApplicationGenerator(seed: 5)
        for channel in ApplicationOptions.channels {
            let generated = generator.make(ApplicationOptions(kind: .disability, group: .womanWorker, channel: channel))
            let agent = generated.document[path: "agent"]
            #expect((agent?.objectValue != nil) == (channel == "proxy" || channel == "community"))
            guard case .valid = flow.validate(generated.document) else {
                Issue.record("\(channel) application invalid")
                continue
            }
        }
    }

    @Test func identityNumbersCarryTheirCheckCharacters() {
        // The spec's own example numbers.
        #expect(IdentityNumbers.citizenCheckCharacter("45010319650315179") == "8")
        #expect(IdentityNumbers.creditCheckCharacter("91450100398259791") == "F")
        var random = SeededGenerator(seed: 1)
        let id = IdentityNumbers.citizenID(region: "450103", birthDate: CivilDate(year: 1965, month: 3, day: 15)!,
                                           male: false, using: &random)
        #expect(id.hasPrefix("45010319650315"))
        #expect(Array(id)[16].wholeNumberValue.map { $0 % 2 == 0 } == true)
        #expect(IdentityNumbers.corruptingCheck(of: id) != id)
    }
}
