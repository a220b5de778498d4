import Foundation
import OneThingExchange
import OneThingSupport

/// Plausible outputs of an approval, in canonical formats (`Topics/README.md`, outputs), chosen by the
/// output's name: `...Date` a date derived from the request's retirement date, `...Month`
/// the month after it, `...Months` months counted from the request's periods (or carried
/// over), `...No` a document number, `...Region` a division code, `...Address` an
/// address, amounts and pensions money with two decimals.
struct OutputSynthesizer {
    let facts: RequestFacts
    /// The date a department "decides" on (for numbers stamped with it).
    let today: CivilDate

    func outputs(names: [String], matter: String, using random: inout SeededGenerator) -> JSONObject {
        var outputs = JSONObject()
        let reference = facts.referenceDate ?? today
        for name in names {
            outputs[name] = value(for: name, matter: matter, reference: reference, using: &random)
        }
        return outputs
    }

    private func value(for name: String, matter: String, reference: CivilDate,
                       using random: inout SeededGenerator) -> JSONValue {
        let lower = name.lowercased()
        if lower.hasSuffix("months") {
            let months = facts.periodMonths ?? facts.carriedDeemedMonths ?? Int.random(in: 0...120, using: &random)
            return .int(Int64(months))
        }
        if lower.hasSuffix("month") { return .string(reference.firstOfMonth(adding: 1).monthIndex.text) }
        if lower.hasSuffix("date") {
            if lower.hasPrefix("retirement") { return .string(reference.iso) }
            if lower.contains("start") || lower.contains("begin") { return .string(reference.firstOfMonth(adding: 1).iso) }
            return .string(max(reference, today).adding(days: Int.random(in: 1...10, using: &random)).iso)
        }
        if lower.hasSuffix("region") { return .string(facts.regionCode ?? "450103") }
        if lower.hasSuffix("address") {
            return .string((SampleData.streets.randomElement(using: &random) ?? "南宁市青秀区民族大道")
                           + "\(Int.random(in: 1...300, using: &random))号")
        }
        if lower.contains("amount") || lower.contains("pension") || lower.contains("reward") {
            return .string(money(for: lower, using: &random))
        }
        if lower.hasSuffix("no") || lower.hasSuffix("number") {
            let initials = name.filter(\.isUppercase)
            let prefix = (String(name.prefix(1)) + initials).uppercased()
            return .string(prefix + today.compact + Int.random(in: 0...99_999, using: &random).zeroPadded(to: 5))
        }
        return .string("\(matter)-\(Int.random(in: 100_000...999_999, using: &random))")
    }

    /// Yuan with two decimals, in a range fitting what is paid.
    private func money(for lowerName: String, using random: inout SeededGenerator) -> String {
        let fen: Int
        if lowerName.contains("pension") {
            let deemedBonus = (facts.carriedDeemedMonths ?? 0) * 300
            fen = Int.random(in: 250_000...600_000, using: &random) + deemedBonus
        } else if lowerName.contains("reward") {
            fen = Int.random(in: 20...50, using: &random) * 10_000
        } else {
            fen = Int.random(in: 2_000_000...18_000_000, using: &random)
        }
        return "\(fen / 100)." + (fen % 100).zeroPadded(to: 2)
    }
}
