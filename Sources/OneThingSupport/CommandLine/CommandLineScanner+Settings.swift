/// Look-up and conversion in one step, for the common case of an optional setting: nil
/// when neither the flag nor (where `environment` is given) its variable is set, the
/// converted value otherwise, a usage error when the value is wrong. A parser then
/// reads as a list of settings (`configuration.port = try scanner.integer("port", ...)`)
/// instead of one `if let` block per flag.
extension CommandLineScanner {
    /// Non-blank text, trimmed.
    public func text(_ name: String, environment: [String: String] = [:]) throws(UsageError) -> String? {
        guard let value = value(name, environment: environment) else { return nil }
        return try nonEmptyText(value)
    }

    /// A whole number within `range`.
    public func integer<Number: FixedWidthInteger>(_ name: String, environment: [String: String] = [:],
                                                   in range: ClosedRange<Number>,
                                                   as type: Number.Type = Number.self) throws(UsageError) -> Number? {
        guard let value = value(name, environment: environment) else { return nil }
        return try integer(value, in: range, as: type)
    }

    /// A finite number within `range`.
    public func number(_ name: String, environment: [String: String] = [:],
                       in range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let value = value(name, environment: environment) else { return nil }
        return try number(value, in: range)
    }
}
