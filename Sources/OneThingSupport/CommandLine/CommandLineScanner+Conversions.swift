import Foundation

/// Converters from flag text to typed settings. Each throws a one-line `UsageError` that
/// names the flag or environment variable as the user wrote it and quotes what was
/// given, so the user sees where to look without reading the usage text.
extension CommandLineScanner {
    /// The flag's or the environment's value; a usage error naming both when neither is set.
    public func required(_ name: String, environment: [String: String]) throws(UsageError) -> FlagValue {
        guard let value = value(name, environment: environment) else {
            throw fail("missing --\(name) (or \(environmentName(name)))")
        }
        return value
    }

    /// The text without surrounding spaces; refused when nothing is left.
    public func nonEmptyText(_ value: FlagValue) throws(UsageError) -> String {
        let text = value.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw fail("\(value.origin) must not be empty") }
        return text
    }

    /// A whole number within `range` (spaces around it allowed).
    public func integer<Number: FixedWidthInteger>(_ value: FlagValue, in range: ClosedRange<Number>,
                                                   as: Number.Type = Number.self) throws(UsageError) -> Number {
        guard let number = Number(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw fail("\(value.origin) expects a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value.text)'")
        }
        return number
    }

    /// A finite number within `range` (spaces around it allowed).
    public func number(_ value: FlagValue, in range: ClosedRange<Double>) throws(UsageError) -> Double {
        guard let number = Double(value.text.trimmingCharacters(in: .whitespaces)), number.isFinite,
              range.contains(number) else {
            throw fail("\(value.origin) expects a number from \(Self.bound(range.lowerBound)) to "
                       + "\(Self.bound(range.upperBound)), got '\(value.text)'")
        }
        return number
    }

    /// `0` rather than `0.0` in a message.
    private static func bound(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `KEY=VALUE` settings from the environment variable of `name` overlaid by every
    /// value of the repeatable flag `name` (a key given by a flag replaces the same key
    /// from the environment). The variable separates its entries by newlines if it has
    /// any, else by commas, so a value containing commas can still be given, one per line.
    public func keyValueSettings(_ name: String, environment: [String: String]) throws(UsageError) -> [String: String] {
        var settings: [String: String] = [:]
        let variable = environmentName(name)
        if let list = environment[variable], !list.isEmpty {
            let separator: Character = list.contains("\n") ? "\n" : ","
            for entry in list.split(separator: separator) {
                let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty { continue }
                let (key, text) = try keyValue(FlagValue(text: trimmed, origin: variable))
                settings[key] = text
            }
        }
        for value in values(name) {
            let (key, text) = try keyValue(value)
            settings[key] = text
        }
        return settings
    }

    /// `KEY=VALUE`, split at the first `=` (the value may contain more).
    public func keyValue(_ value: FlagValue) throws(UsageError) -> (key: String, value: String) {
        guard let equals = value.text.firstIndex(of: "=") else {
            throw fail("\(value.origin) expects KEY=VALUE, got '\(value.text)'")
        }
        let key = value.text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !key.contains(where: \.isWhitespace) else {
            throw fail("\(value.origin) expects KEY=VALUE with a non-empty key, got '\(value.text)'")
        }
        return (key, String(value.text[value.text.index(after: equals)...]))
    }
}
