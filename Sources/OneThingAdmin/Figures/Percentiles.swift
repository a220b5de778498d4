/// Summary figures of a list of durations, by the nearest-rank method: the p-th
/// percentile is the smallest value with at least p % of the values at or below it.
/// It is always one of the measured values, so "p90 = 4d 02h" is a real case.
public struct DurationSummary: Sendable, Hashable {
    public let count: Int
    public let median: Double
    public let p90: Double
    public let max: Double

    /// nil for an empty list (nothing measured yet).
    public init?(_ values: [Double]) {
        let sorted = values.sorted()
        guard let last = sorted.last else { return nil }
        count = sorted.count
        median = Self.nearestRank(sorted, 0.5)
        p90 = Self.nearestRank(sorted, 0.9)
        max = last
    }

    static func nearestRank(_ sorted: [Double], _ fraction: Double) -> Double {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }
}
