import Foundation

/// The Prometheus text exposition format 0.0.4: names, escaping, values, and the layout of
/// `# HELP` / `# TYPE` / sample lines.
enum OpsPrometheusText {
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, other characters replaced by `_`.
    static func metricName(_ name: String) -> String {
        sanitized(name, allowColon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, other characters replaced by `_`.
    static func labelName(_ name: String) -> String {
        sanitized(name, allowColon: false)
    }

    private static func sanitized(_ name: String, allowColon: Bool) -> String {
        var result = ""
        for (index, scalar) in name.unicodeScalars.enumerated() {
            let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
                || (allowColon && scalar == ":")
            let isDigit = scalar >= "0" && scalar <= "9"
            result.unicodeScalars.append(isLetter || (isDigit && index > 0) ? scalar : "_")
        }
        return result.isEmpty ? "_" : result
    }

    /// `{a="x",b="y"}` sorted by label name, "" for no labels.
    static func labelSet(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.map { (labelName($0.key), $0.value) }.sorted { $0.0 < $1.0 }
        return "{" + pairs.map { $0.0 + "=\"" + escapeLabelValue($0.1) + "\"" }.joined(separator: ",") + "}"
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// HELP text escapes backslash and line feed.
    static func escapeHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Integral values without a fraction (`42`), others in Swift's shortest round-trip form,
    /// and the format's own spellings `NaN`, `+Inf`, `-Inf`.
    static func value(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number > 0 ? "+Inf" : "-Inf" }
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 { return String(Int64(number)) }
        return String(number)
    }

    static func render(_ families: [String: MetricsRegistry.Family]) -> String {
        var text = ""
        for name in families.keys.sorted() {
            guard let family = families[name] else { continue }
            text += "# HELP " + name + " " + escapeHelp(family.help) + "\n"
            text += "# TYPE " + name + " " + family.kind.rawValue + "\n"
            for labels in family.samples.keys.sorted() {
                text += name + labels + " " + value(family.samples[labels] ?? 0) + "\n"
            }
        }
        return text
    }
}
