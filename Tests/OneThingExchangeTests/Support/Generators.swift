@testable import OneThingExchange

/// Check characters computed here, independently of the module, from the standards'
/// own description (GB 11643-1999, GB 32100-2015).
enum Checksums {
    static func citizenID(region: String = "450103", year: Int, month: Int, day: Int, sequence: Int) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let seq = sequence < 10 ? "00\(sequence)" : sequence < 100 ? "0\(sequence)" : "\(sequence)"
        let body = region + "\(year)" + two(month) + two(day) + seq
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (index, character) in body.enumerated() { sum += Int(String(character))! * weights[index] }
        let check = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"][sum % 11]
        return body + check
    }

    static func creditCode(_ body: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        var sum = 0
        for (index, character) in body.enumerated() { sum += alphabet.firstIndex(of: character)! * weights[index] }
        let value = 31 - sum % 31
        return body + String(alphabet[value == 31 ? 0 : value])
    }
}

/// A small deterministic PRNG (SplitMix64) so random tests repeat exactly.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Applications for tests: the spec's example with changes applied as merge patches.
enum Applications {
    static let example: JSONValue = (try? Fixtures.json("spec/application.json")) ?? .null

    static func with(_ patch: JSONValue) -> JSONValue { example.mergePatched(with: patch) }

    /// A merge patch that sets one dotted path (object keys only).
    static func patch(_ path: String, _ value: JSONValue) -> JSONValue {
        let keys = path.split(separator: ".").map(String.init)
        return keys.reversed().reduce(value) { inner, key in .object(JSONObject([(key, inner)])) }
    }

    static func setting(_ path: String, _ value: JSONValue) -> JSONValue { with(patch(path, value)) }

    /// A person of the given gender and birth date, with a matching ID.
    static func person(gender: String, year: Int, month: Int, day: Int = 15, category: String = "worker",
                       requested: String) -> JSONValue {
        let id = Checksums.citizenID(year: year, month: month, day: day, sequence: gender == "male" ? 179 : 188)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return with(.object(JSONObject([
            ("applicant", .object(JSONObject([("idNumber", .string(id)), ("gender", .string(gender)),
                                              ("birthDate", .string("\(year)-\(two(month))-\(two(day))")),
                                              ("category", .string(category))]))),
            ("retirement", .object(JSONObject([("requestedDate", .string(requested))]))),
            ("pension", .object(JSONObject([("deemedPeriods", .array([.object(JSONObject([
                ("from", "1983-07"), ("to", "1992-12"), ("employer", "厂")]))]))]))),
        ])))
    }
}

extension Validation {
    var issues: [FieldIssue] {
        if case .invalid(let issues) = self { return issues }
        return []
    }
    var application: Application? {
        if case .valid(let application) = self { return application }
        return nil
    }
}
