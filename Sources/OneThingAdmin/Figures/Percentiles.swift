import OneThingStore

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
        guard let figures = DurationFigures(sorted: values.sorted()) else { return nil }
        self.init(figures)
    }

    /// The same figures as the store computed them (`StoreReader.matterStatistics`).
    public init(_ figures: DurationFigures) {
        count = figures.count
        median = figures.median
        p90 = figures.p90
        max = figures.max
    }
}
