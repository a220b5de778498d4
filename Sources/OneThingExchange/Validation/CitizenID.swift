/// GB 11643-1999 citizen identity number: 6-digit region, 8-digit birth date, 3-digit
/// sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
struct CitizenID {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    enum Problem: Equatable {
        case structure
        case birthDate
        case checksum(expected: Character)
    }

    let birthDate: CivilDate
    let sequenceIsOdd: Bool

    static func parse(_ text: String) -> Result<CitizenID, ProblemBox> {
        let characters = Array(text)
        guard characters.count == 18 else { return .failure(ProblemBox(.structure)) }
        var digits: [Int] = []
        for character in characters.prefix(17) {
            guard let digit = character.asciiDigit else { return .failure(ProblemBox(.structure)) }
            digits.append(digit)
        }
        guard characters[17].asciiDigit != nil || characters[17] == "X" else { return .failure(ProblemBox(.structure)) }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard let birth = CivilDate(year: year, month: month, day: day) else { return .failure(ProblemBox(.birthDate)) }
        let expected = checkCharacter(digits)
        guard characters[17] == expected else { return .failure(ProblemBox(.checksum(expected: expected))) }
        return .success(CitizenID(birthDate: birth, sequenceIsOdd: digits[16] % 2 == 1))
    }

    static func checkCharacter(_ digits: [Int]) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Wraps the problem so `Result` can carry it.
    struct ProblemBox: Error {
        let problem: Problem
        init(_ problem: Problem) { self.problem = problem }
    }
}

/// GB 32100-2015 unified social credit code: 18 characters from a 31-symbol alphabet
/// with a weighted MOD 31 check character.
enum CreditCode {
    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    enum Verdict: Equatable {
        case valid
        case structure
        case checksum(expected: Character)
    }

    static func check(_ text: String) -> Verdict {
        let characters = Array(text)
        guard characters.count == 18 else { return .structure }
        var values: [Int] = []
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else { return .structure }
            values.append(value)
        }
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let checkValue = (31 - sum % 31) % 31
        return values[17] == checkValue ? .valid : .checksum(expected: alphabet[checkValue])
    }
}
