/// Why a simulator cannot start.
public enum SimulatorError: Error, Sendable, CustomStringConvertible {
    case unknownDepartment(String, known: [String])
    case noDepartments
    case kafka(KafkaErrorDescription)
    /// A department's private key cannot be read from the keys folder.
    case keys(String)

    public var description: String {
        switch self {
        case .unknownDepartment(let code, let known):
            return "unknown department '\(code)' (the flow has \(known.joined(separator: ", ")))"
        case .noDepartments: return "no department to simulate"
        case .kafka(let error): return "Kafka: \(error.text)"
        case .keys(let problem): return "keys: \(problem)"
        }
    }
}

/// A Kafka error's text (kept as text so this enum stays independent of the Kafka layer's type).
public struct KafkaErrorDescription: Sendable, Hashable {
    public let text: String
}
