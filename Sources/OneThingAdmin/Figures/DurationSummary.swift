import OneThingStore

/// Summary figures of a list of durations, by the nearest-rank method: the p-th
/// percentile is the smallest value with at least p % of the values at or below it.
/// It is always one of the measured values, so "p90 = 4d 02h" is a real case. The
/// store's type: `hubctl stats` receives them already computed.
public typealias DurationSummary = DurationFigures

extension DurationFigures {
    /// nil for an empty list (nothing measured yet).
    public init?(_ values: [Double]) {
        self.init(sorted: values.sorted())
    }
}
