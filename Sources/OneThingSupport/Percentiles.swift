/// Percentiles of a sample by the nearest-rank method: the p-th percentile is the
/// smallest value with at least p % of the values at or below it.
///
/// Nearest rank, rather than interpolation, because the answer is always one of the
/// measured values: "p90 = 4 d 02 h" is a real case an operator can look up, and a
/// latency p99 is a hop that happened. Sorting is done once, so asking for several
/// percentiles of one sample costs one sort.
public struct Percentiles<Value: Comparable> {
    /// The sample in ascending order.
    public let sorted: [Value]

    public init(_ values: some Sequence<Value>) { sorted = values.sorted() }

    /// For values already in ascending order (a store read with `ORDER BY`): no second sort.
    public init(sorted: [Value]) { self.sorted = sorted }

    public var count: Int { sorted.count }
    public var isEmpty: Bool { sorted.isEmpty }
    public var minimum: Value? { sorted.first }
    public var maximum: Value? { sorted.last }

    /// The value at rank ceil(p / 100 * count), clamped to the sample (p <= 0 gives the
    /// minimum, p >= 100 the maximum); nil for an empty sample.
    public func percentile(_ p: Double) -> Value? {
        guard !sorted.isEmpty else { return nil }
        let wanted = (p / 100 * Double(sorted.count)).rounded(.up)
        let rank = wanted.isNaN ? 1 : Int(Swift.min(Swift.max(wanted, 1), Double(sorted.count)))
        return sorted[rank - 1]
    }
}

extension Percentiles: Sendable where Value: Sendable {}
