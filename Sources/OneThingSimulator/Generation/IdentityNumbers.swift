import OneThingExchange
import OneThingSupport

/// Makes the identity numbers a real form carries, valid by construction, so generated
/// applications pass the hub's checks (or fail exactly where a test wants them to).
public enum IdentityNumbers {
    static let citizenWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let citizenCheck: [Character] = Array("10X98765432")

    /// A GB 11643-1999 citizen ID: region, birth date, a sequence whose last digit is odd
    /// for men and even for women, and the MOD 11-2 check character.
    public static func citizenID(region: String, birthDate: CivilDate, male: Bool,
                                 using random: inout SeededGenerator) -> String {
        let sequence = Int.random(in: 0...49, using: &random) * 2 + (male ? 1 : 0) + Int.random(in: 0...9, using: &random) * 100
        let body = region + birthDate.compact + sequence.zeroPadded(to: 3)
        return body + String(citizenCheckCharacter(body))
    }

    /// The check character for 17 digits.
    public static func citizenCheckCharacter(_ body: String) -> Character {
        let digits = body.compactMap(\.wholeNumberValue)
        let sum = zip(digits, citizenWeights).reduce(0) { $0 + $1.0 * $1.1 }
        return citizenCheck[sum % 11]
    }

    /// The same number with a wrong check character (for deliberately invalid forms).
    public static func corruptingCheck(of id: String) -> String {
        let body = String(id.prefix(17))
        let right = citizenCheckCharacter(body)
        let wrong = citizenCheck.first { $0 != right } ?? "0"
        return body + String(wrong)
    }

    static let creditAlphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// A GB 32100-2015 unified social credit code: `9` (market regulator), `1`
    /// (enterprise), the region, a 9-character organisation code, the MOD 31 check.
    public static func creditCode(region: String, using random: inout SeededGenerator) -> String {
        var body = "91" + region
        for index in 0..<9 {
            let pool = index < 8 ? creditAlphabet.prefix(10) : creditAlphabet[...]
            body.append(pool.randomElement(using: &random) ?? "0")
        }
        return body + String(creditCheckCharacter(body))
    }

    public static func creditCheckCharacter(_ body: String) -> Character {
        let values = body.compactMap { creditAlphabet.firstIndex(of: $0) }
        let sum = zip(values, creditWeights).reduce(0) { $0 + $1.0 * $1.1 }
        return creditAlphabet[(31 - sum % 31) % 31]
    }
}
