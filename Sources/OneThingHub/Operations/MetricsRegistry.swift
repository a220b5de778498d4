import OneThingSupport

/// Counters and gauges with labels, rendered in the Prometheus text exposition format 0.0.4.
///
/// Families are declared once (`counter(_:help:)`, `gauge(_:help:)`) and then updated through
/// the returned handles from any thread; a family's samples are keyed by their label set, so
/// no label names are fixed in advance. Figures that are cheaper to compute when asked (from
/// the store, say) come from collectors, closures called at each scrape. The names `hubd`
/// uses are those of `HubMetrics`.
///
/// Invalid characters in metric and label names become `_` rather than errors: a metric
/// must never be the reason the daemon stops. A name declared twice keeps its first type
/// and help; counters ignore negative increments (they only go up).
public final class MetricsRegistry: Sendable {
    public enum Kind: String, Sendable, Hashable { case counter, gauge }

    /// A gauge value computed at scrape time by a collector.
    public struct CollectedGauge: Sendable, Hashable {
        public var name: String
        public var help: String
        public var labels: [String: String]
        public var value: Double
        public init(name: String, help: String, labels: [String: String] = [:], value: Double) {
            self.name = name
            self.help = help
            self.labels = labels
            self.value = value
        }
    }

    public typealias Collector = @Sendable () -> [CollectedGauge]

    struct Family {
        var help: String
        var kind: Kind
        /// Rendered label set (`{a="x",b="y"}`, or "" when unlabelled) -> value.
        var samples: [String: Double] = [:]
    }

    private struct State {
        var families: [String: Family] = [:]
        var collectors: [Collector] = []
    }

    private let state = Locked(State())

    public init() {}

    /// Declares (or finds) a counter family.
    public func counter(_ name: String, help: String) -> MetricsCounter {
        MetricsCounter(registry: self, name: declare(name, help: help, kind: .counter))
    }

    /// Declares (or finds) a gauge family.
    public func gauge(_ name: String, help: String) -> MetricsGauge {
        MetricsGauge(registry: self, name: declare(name, help: help, kind: .gauge))
    }

    /// Adds a closure called at every scrape, outside the registry's lock (so it may use the
    /// registry). Its gauges join a declared family of the same name, replacing a sample
    /// with the same labels, or form a family of their own.
    public func addCollector(_ collector: @escaping Collector) {
        state.withLock { $0.collectors.append(collector) }
    }

    /// The current value of one sample (collectors not consulted), nil if never set.
    public func value(of name: String, labels: [String: String] = [:]) -> Double? {
        let key = OpsPrometheusText.labelSet(labels)
        return state.withLock { $0.families[OpsPrometheusText.metricName(name)]?.samples[key] }
    }

    /// The whole registry in the text exposition format, families sorted by name and samples
    /// by label set, so two scrapes of the same figures are byte-identical.
    public func render() -> String {
        let (declared, collectors) = state.withLock { ($0.families, $0.collectors) }
        var families = declared
        for collector in collectors {
            for gauge in collector() {
                let name = OpsPrometheusText.metricName(gauge.name)
                families[name, default: Family(help: gauge.help, kind: .gauge)]
                    .samples[OpsPrometheusText.labelSet(gauge.labels)] = gauge.value
            }
        }
        return OpsPrometheusText.render(families)
    }

    private func declare(_ name: String, help: String, kind: Kind) -> String {
        let name = OpsPrometheusText.metricName(name)
        state.withLock { state in
            if state.families[name] == nil { state.families[name] = Family(help: help, kind: kind) }
        }
        return name
    }

    func update(_ name: String, kind: Kind, labels: [String: String], _ change: (inout Double) -> Void) {
        let key = OpsPrometheusText.labelSet(labels)
        state.withLock { state in
            guard state.families[name]?.kind == kind else { return }
            change(&state.families[name, default: Family(help: "", kind: kind)].samples[key, default: 0])
        }
    }
}

/// Handle on a counter family: only goes up.
public struct MetricsCounter: Sendable {
    let registry: MetricsRegistry
    public let name: String

    public func increment(by amount: Double = 1, labels: [String: String] = [:]) {
        guard amount >= 0 else { return }
        registry.update(name, kind: .counter, labels: labels) { $0 += amount }
    }
}

/// Handle on a gauge family: set, raised or lowered.
public struct MetricsGauge: Sendable {
    let registry: MetricsRegistry
    public let name: String

    public func set(_ value: Double, labels: [String: String] = [:]) {
        registry.update(name, kind: .gauge, labels: labels) { $0 = value }
    }

    public func increment(by amount: Double = 1, labels: [String: String] = [:]) {
        registry.update(name, kind: .gauge, labels: labels) { $0 += amount }
    }

    public func decrement(by amount: Double = 1, labels: [String: String] = [:]) {
        registry.update(name, kind: .gauge, labels: labels) { $0 -= amount }
    }
}
