import Foundation

/// Converters from flag text to typed settings. Each throws a one-line `UsageError` that
/// names the flag or environment variable and quotes what was given.
extension OpsFlagScanner {
    func required(_ name: String, environment: [String: String]) throws(UsageError) -> Value {
        guard let value = value(name, environment: environment) else {
            throw fail("missing --\(name) (or \(Flag(name: name).environmentName))")
        }
        return value
    }

    func nonEmptyText(_ value: Value) throws(UsageError) -> String {
        let text = value.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw fail("\(value.origin) must not be empty") }
        return text
    }

    /// `HOST:PORT[,HOST:PORT]`; an optional `scheme://` prefix and bracketed IPv6 hosts are
    /// accepted because librdkafka accepts them.
    func bootstrapServers(_ value: Value) throws(UsageError) -> String {
        let entries = value.text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for entry in entries {
            var address = Substring(entry)
            if let scheme = address.range(of: "://") { address = address[scheme.upperBound...] }
            guard let colon = address.lastIndex(of: ":"),
                  !address[..<colon].isEmpty,
                  let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port)
            else {
                throw fail("\(value.origin) expects HOST:PORT[,HOST:PORT], got '\(value.text)'")
            }
        }
        return entries.joined(separator: ",")
    }

    func integer<Number: FixedWidthInteger>(_ value: Value, in range: ClosedRange<Number>,
                                            as: Number.Type = Number.self) throws(UsageError) -> Number {
        guard let number = Number(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw fail("\(value.origin) expects a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value.text)'")
        }
        return number
    }

    func timeScale(_ value: Value) throws(UsageError) -> Double {
        guard let scale = Double(value.text.trimmingCharacters(in: .whitespaces)), scale.isFinite else {
            throw fail("\(value.origin) expects a number, got '\(value.text)'")
        }
        guard scale > 0 else {
            throw fail("\(value.origin) must be greater than 0, got '\(value.text)'")
        }
        return scale
    }

    func logFormat(_ value: Value?) throws(UsageError) -> LogFormat {
        guard let value else { return .text }
        guard let format = LogFormat(rawValue: value.text.lowercased()) else {
            throw fail("\(value.origin) expects json or text, got '\(value.text)'")
        }
        return format
    }

    func logLevel(_ value: Value?) throws(UsageError) -> LogLevel {
        guard let value else { return .info }
        guard let level = LogLevel(parsing: value.text) else {
            let names = LogLevel.allCases.map(\.name).joined(separator: ", ")
            throw fail("\(value.origin) expects one of \(names), got '\(value.text)'")
        }
        return level
    }

    /// `ONETHING_KAFKA` (entries separated by newlines if it has any, else by commas, so a
    /// value containing commas can still be given one per line) overlaid by `--kafka` flags.
    func kafkaProperties(environment: [String: String]) throws(UsageError) -> [String: String] {
        var properties: [String: String] = [:]
        let variable = Flag(name: "kafka").environmentName
        if let list = environment[variable], !list.isEmpty {
            let separator: Character = list.contains("\n") ? "\n" : ","
            for entry in list.split(separator: separator) {
                let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty { continue }
                let (key, text) = try keyValue(Value(text: trimmed, origin: variable))
                properties[key] = text
            }
        }
        for value in values("kafka") {
            let (key, text) = try keyValue(value)
            properties[key] = text
        }
        return properties
    }

    private func keyValue(_ value: Value) throws(UsageError) -> (String, String) {
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
