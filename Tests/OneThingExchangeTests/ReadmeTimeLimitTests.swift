import Foundation
import Testing
@testable import OneThingExchange

/// The README states the commitment to the applicant and the limit before the reform in
/// the unit the catalogue counts them in (`overallTimeLimit`, `previousTimeLimit`), in
/// English and in Chinese, and never as a bare count of days: a README saying 15 个工作日
/// while the hub counted 15 calendar days is what issue 19 found.
@Suite struct ReadmeTimeLimitTests {
    /// The README with every run of white space (line breaks, indentation) as one space.
    static let readme: String = {
        let text = String(decoding: Fixtures.bytes(at: Fixtures.packageRoot.appendingPathComponent("README.md")), as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }()

    /// Whether `phrase` occurs with no digit right before it (so "15 days" is not found
    /// in "115 days").
    static func mentions(_ phrase: String) -> Bool {
        var searchFrom = readme.startIndex
        while let found = readme.range(of: phrase, range: searchFrom..<readme.endIndex) {
            if found.lowerBound == readme.startIndex || !readme[readme.index(before: found.lowerBound)].isNumber { return true }
            searchFrom = found.upperBound
        }
        return false
    }

    @Test func theReadmeStatesTheCommitmentAndThePreviousLimitAsTheCatalogueCountsThem() throws {
        let flow = try #require(Fixtures.retirement)
        #expect(!Self.readme.isEmpty)
        let limits = [("overallTimeLimit", flow.overallTimeLimit), ("previousTimeLimit", flow.previousTimeLimit)]
        for (name, limit) in limits {
            guard let limit else { continue }
            switch limit {
            case .workingDays(let count):
                #expect(Self.mentions("\(count) working days"), "\(name): \(count) working days")
                #expect(Self.mentions("\(count) 个工作日"), "\(name): \(count) 个工作日")
                for loose in ["\(count) days", "\(count) calendar days", "\(count) 日", "\(count)日", "\(count) 天", "\(count)天"] {
                    #expect(!Self.mentions(loose), "\(name) is \(limit) but the README says \"\(loose)\"")
                }
            case .calendar(let seconds):
                let days = Int(seconds / 86_400)
                #expect(Self.mentions("\(days) days") || Self.mentions("\(days) 天"), "\(name): \(days) days")
                #expect(!Self.mentions("\(days) working days") && !Self.mentions("\(days) 个工作日"),
                        "\(name) is \(limit) (calendar time) but the README speaks of working days")
            }
        }
    }
}
