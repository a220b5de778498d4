/// The answer of a health or readiness probe: passing, or failing with the reasons an
/// operator reads in the 503 body (one per line).
public struct HealthCheck: Sendable, Equatable {
    public var failures: [String]

    public init(failures: [String] = []) {
        self.failures = failures
    }

    public static let passing = HealthCheck()

    public var isPassing: Bool { failures.isEmpty }
}
