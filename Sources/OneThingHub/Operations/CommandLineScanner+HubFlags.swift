import Foundation
import OneThingSupport

/// The converters only `hubd`'s settings need, beside the shared ones of
/// `CommandLineScanner`. Each throws a one-line `UsageError` that names the flag or
/// environment variable and quotes what was given.
extension CommandLineScanner {
    /// `HOST:PORT[,HOST:PORT]`; an optional `scheme://` prefix and bracketed IPv6 hosts are
    /// accepted because librdkafka accepts them.
    func bootstrapServers(_ value: FlagValue) throws(UsageError) -> String {
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

    func timeScale(_ value: FlagValue) throws(UsageError) -> Double {
        guard let scale = Double(value.text.trimmingCharacters(in: .whitespaces)), scale.isFinite else {
            throw fail("\(value.origin) expects a number, got '\(value.text)'")
        }
        guard scale > 0 else {
            throw fail("\(value.origin) must be greater than 0, got '\(value.text)'")
        }
        return scale
    }

    func logFormat(_ value: FlagValue?) throws(UsageError) -> LogFormat {
        guard let value else { return .text }
        guard let format = LogFormat(rawValue: value.text.lowercased()) else {
            throw fail("\(value.origin) expects json or text, got '\(value.text)'")
        }
        return format
    }

    func logLevel(_ value: FlagValue?) throws(UsageError) -> LogLevel {
        guard let value else { return .info }
        guard let level = LogLevel(parsing: value.text) else {
            let names = LogLevel.allCases.map(\.name).joined(separator: ", ")
            throw fail("\(value.origin) expects one of \(names), got '\(value.text)'")
        }
        return level
    }

    /// `--log-format` and `--log-level`, which every subcommand accepts.
    func logSettings(environment: [String: String]) throws(UsageError) -> (LogFormat, LogLevel) {
        (try logFormat(value("log-format", environment: environment)),
         try logLevel(value("log-level", environment: environment)))
    }

    /// librdkafka properties: `ONETHING_KAFKA` (one per line, or separated by commas)
    /// overlaid by every `--kafka KEY=VALUE`.
    func kafkaProperties(environment: [String: String]) throws(UsageError) -> [String: String] {
        try keyValueSettings("kafka", environment: environment)
    }

    /// `--signature-policy SENDER=POLICY` (repeatable) over `ONETHING_SIGNATURE_POLICY`
    /// (entries separated by commas): `required` or `verify-if-present`, `*` for everyone else.
    func signaturePolicies(environment: [String: String]) throws(UsageError) -> SenderPolicies {
        let settings = try keyValueSettings("signature-policy", environment: environment)
        do {
            return try SenderPolicies(entries: settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        } catch {
            throw fail(error.description)
        }
    }
}
