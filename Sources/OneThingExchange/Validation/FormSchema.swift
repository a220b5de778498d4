/// What kind of value a form field holds. Dates, months and timestamps are strings on
/// the wire with a format the validator checks.
indirect enum FieldKind: Sendable, Hashable {
    case string
    case integer
    case boolean
    case date        // yyyy-MM-dd, a real calendar date
    case month       // yyyy-MM
    case dateTime    // RFC 3339
    case object([FieldSchema])
    case array(FieldSchema)
}

/// One field of the application form, from the flow's `application.json`.
struct FieldSchema: Sendable, Hashable {
    let name: String
    let kind: FieldKind
    /// When the field must be present (nil: optional). Null counts as absent.
    let requiredWhen: Rule?
    /// When the field may be present at all (nil: always); present otherwise is `mismatch`.
    let allowedWhen: Rule?
    /// When the field is not checked at all (e.g. a category that only matters for women).
    let ignoredWhen: Rule?
    /// Human wording of the condition, used in messages ("channel is proxy or community").
    let conditionText: String?
    let minLength: Int?
    let maxLength: Int?
    /// Length is counted after trimming surrounding whitespace.
    let trim: Bool
    /// Allowed characters; with it, a bad length is a `format` problem (a code), without
    /// it a `range` problem (free text).
    let characters: CharacterClass?
    let prefix: String?
    let enumValues: [String]?
    /// For integers, and for digit strings read as a number (e.g. `01`-`56`).
    let minimum: Int64?
    let maximum: Int64?
    let minItems: Int?
}

/// A set of allowed characters written as ranges, e.g. `A-Za-z0-9-_`.
struct CharacterClass: Sendable, Hashable {
    let ranges: [ClosedRange<Unicode.Scalar>]
    let text: String

    init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var index = 0
        while index < scalars.count {
            let low = scalars[index]
            if index + 2 < scalars.count, scalars[index + 1] == "-" {
                let high = scalars[index + 2]
                guard low <= high else { return nil }
                ranges.append(low...high)
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
        self.text = text
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool { ranges.contains { $0.contains(scalar) } }
    func admits(_ string: String) -> Bool { string.unicodeScalars.allSatisfy(contains) }
}

/// The form's rules as data: the field tree, the fields a supplement may not change and
/// the named cross-field checks the engine implements generically.
struct FormSchema: Sendable, Hashable {
    /// The field that identifies an application (and is the Kafka key).
    let idField: String
    let fields: [FieldSchema]
    let immutable: [String]
    let checks: [FormCheck]
}

/// A named check whose parameters (which fields, which table) come from the data.
enum FormCheck: Sendable, Hashable {
    /// GB 11643 citizen ID: structure, embedded birth date, checksum, and agreement with
    /// a birth date field and a gender field (odd/even sequence digit) when named.
    case citizenID(field: String, birthDate: String?, gender: String?, genderParity: [String: Parity])
    /// GB 32100 unified social credit code: alphabet and check character.
    case creditCode(field: String)
    /// A statutory age (a month computed from the birth month by a table) must be reached
    /// by the requested date.
    case statutoryAge(StatutoryAgeCheck)
    /// In each element of a list, `from` <= `to` (months or dates).
    case ordered(list: String, from: String, to: String)
    /// In each element of a list, `field` is before the month of `limit`.
    case before(list: String, field: String, limit: String)
    /// The periods of a list do not overlap (inclusive bounds).
    case noOverlap(list: String, from: String, to: String)
    /// A boolean that is true needs a non-empty list elsewhere in the form.
    case trueNeedsNonEmpty(field: String, needs: String)
}

enum Parity: String, Sendable, Hashable {
    case odd, even
}

struct StatutoryAgeCheck: Sendable, Hashable {
    let when: Rule
    let birthDate: String
    let requestedDate: String
    /// How messages name the computed month.
    let label: String
    let table: [StatutoryAgeRow]
}

/// One row of the gradual-delay table: who it applies to, the original age, the first
/// birth month that is delayed, how many birth months add one month, and the cap.
struct StatutoryAgeRow: Sendable, Hashable {
    let who: String
    let when: Rule
    let originalAgeMonths: Int
    let delayFrom: MonthIndex
    let birthMonthsPerStep: Int
    let capMonths: Int

    /// Months of delay for someone born in `birth`.
    func delay(bornIn birth: MonthIndex) -> Int {
        guard birth.value >= delayFrom.value else { return 0 }
        return min(capMonths, (birth.value - delayFrom.value) / birthMonthsPerStep + 1)
    }

    func statutoryMonth(bornIn birth: MonthIndex) -> MonthIndex {
        MonthIndex(value: birth.value + originalAgeMonths + delay(bornIn: birth))
    }
}
