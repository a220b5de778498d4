/// What the store phase's child process reports to the parent, as one JSON line.
struct BenchStorePhaseResult: Codable, Sendable {
    var completed: Int
    var applicationsPerSecond: Double
    var initSeconds: Double
    var firstStatusSeconds: Double
    /// Before the hub started (workload generated, nothing else running).
    var residentBefore: Int
    var peakResident: Int
    var problems: [String]

    static let marker = "BENCH-STORE-PHASE "
}
