import Foundation
import OneThingExchange
import OneThingStore

/// Gauges read from the store when metrics are scraped (not on the hot path):
/// applications by state, overdue matters, outbox depth.
enum StoreGauges {
    static func register(on metrics: HubMetrics, store: CorrelationStore, flow: Flow, logger: HubLogger) {
        let dueSoonFraction = flow.dueSoonFraction
        metrics.addCollector {
            do {
                return try store.read { reader in
                    var gauges: [MetricsRegistry.CollectedGauge] = []
                    let counts = try reader.countsByState()
                    for state in ApplicationState.allCases {
                        gauges.append(HubMetrics.collected(HubMetrics.applications, labels: ["state": state.rawValue],
                                                           value: Double(counts[state] ?? 0)))
                    }
                    let overdue = try reader.deadlineMatters(now: Date(), dueSoonFraction: dueSoonFraction)
                        .filter(\.overdue).count
                    gauges.append(HubMetrics.collected(HubMetrics.mattersOverdue, value: Double(overdue)))
                    gauges.append(HubMetrics.collected(HubMetrics.outboxDepth, value: Double(try reader.outboxDepth())))
                    return gauges
                }
            } catch {
                logger.warning("metrics: store read failed", [.error(error)])
                return []
            }
        }
    }
}
