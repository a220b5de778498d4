import OneThingSupport

/// Conversions between canonical values (`Topics/README.md`: dates `yyyy-MM-dd`, months
/// `yyyy-MM`, money `"3456.70"` yuan strings, counts as integers) and a department's own
/// formats. `write` goes towards the department, `read` comes back from it; `read`
/// returns nil for anything that breaks the format, which the caller reports.
extension ValueFormat {
    func write(_ value: JSONValue) -> JSONValue? {
        switch self {
        case .text:
            switch value {
            case .string, .int, .bool: return value
            default: return nil
            }
        case .dateCompact, .dateSlashed, .dateISO:
            guard let text = value.stringValue, let date = CivilDate(iso: text) else { return nil }
            return .string(render(date))
        case .monthCompact, .monthISO:
            guard let text = value.stringValue, let month = parseMonth(text) else { return nil }
            return .string(self == .monthCompact ? month.year.zeroPadded(to: 4) + month.month.zeroPadded(to: 2) : month.text)
        case .integer:
            if case .int = value { return value }
            if let text = value.stringValue, let number = Money.digits(text) { return .int(number) }
            return nil
        case .yuan:
            guard let text = value.stringValue, Money.fen(fromYuan: text) != nil else { return nil }
            return .string(text)
        case .fen:
            guard let text = value.stringValue, let fen = Money.fen(fromYuan: text) else { return nil }
            return .int(fen)
        }
    }

    /// Reads a department value into its canonical form. `textual` documents (XML) carry
    /// numbers as digit strings.
    func read(_ value: JSONValue, textual: Bool) -> JSONValue? {
        switch self {
        case .text:
            guard let text = value.stringValue, !text.trimmingWhitespace.isEmpty else { return nil }
            return .string(text)
        case .dateCompact, .dateSlashed, .dateISO:
            guard let text = value.stringValue, let date = parseDate(text) else { return nil }
            return .string(date.iso)
        case .monthCompact:
            guard let text = value.stringValue, let parts = DigitFields.split(text, lengths: [4, 2], separator: nil),
                  (1...12).contains(parts[1]) else { return nil }
            return .string(MonthIndex(year: parts[0], month: parts[1]).text)
        case .monthISO:
            guard let text = value.stringValue, let month = parseMonth(text) else { return nil }
            return .string(month.text)
        case .integer:
            if case .int(let number) = value, number >= 0 { return value }
            if textual, let text = value.stringValue, let number = Money.digits(text) { return .int(number) }
            return nil
        case .yuan:
            guard let text = value.stringValue, let fen = Money.fen(fromYuan: text) else { return nil }
            return .string(Money.yuan(fromFen: fen))
        case .fen:
            var fen: Int64?
            if case .int(let number) = value, number >= 0 { fen = number }
            if textual, let text = value.stringValue { fen = Money.digits(text) }
            guard let fen else { return nil }
            return .string(Money.yuan(fromFen: fen))
        }
    }

    /// The wording used in protocol errors.
    var explanation: String {
        switch self {
        case .text: return "non-empty text"
        case .dateCompact: return "a date yyyyMMdd"
        case .dateSlashed: return "a date yyyy/MM/dd"
        case .dateISO: return "a date yyyy-MM-dd"
        case .monthCompact: return "a month yyyyMM"
        case .monthISO: return "a month yyyy-MM"
        case .integer: return "a non-negative integer"
        case .yuan: return "a yuan amount with two decimals"
        case .fen: return "a non-negative integer amount in fen"
        }
    }

    private func render(_ date: CivilDate) -> String {
        switch self {
        case .dateCompact: return date.compact
        case .dateSlashed: return date.year.zeroPadded(to: 4) + "/" + date.month.zeroPadded(to: 2) + "/" + date.day.zeroPadded(to: 2)
        default: return date.iso
        }
    }

    private func parseDate(_ text: String) -> CivilDate? {
        switch self {
        case .dateCompact: return CivilDate(digits: text, separator: nil)
        case .dateSlashed: return CivilDate(digits: text, separator: "/")
        default: return CivilDate(iso: text)
        }
    }
}

/// Money as exact integer fen, never floating point.
enum Money {
    /// `"3456.70"` -> 345670; nil unless digits, a point and exactly two decimals.
    static func fen(fromYuan text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, !parts[0].isEmpty, parts[0].count <= 15,
              let whole = digits(String(parts[0])), let cents = digits(String(parts[1])) else { return nil }
        return whole * 100 + cents
    }

    static func yuan(fromFen fen: Int64) -> String {
        String(fen / 100) + "." + (fen % 100).zeroPadded(to: 2)
    }

    /// A plain non-negative decimal number of at most 18 digits.
    static func digits(_ text: String) -> Int64? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.asciiDigit != nil }) else { return nil }
        return Int64(text)
    }
}
