import Foundation
import OneThingKafka
import OneThingSupport

/// `onething_consumer_lag{topic, partition}`: the hub consumer's lag per assigned input
/// partition (`KafkaConsumer.lag()`: high watermark minus what this member committed, or
/// its position before its first commit; partitions whose lag librdkafka cannot know
/// locally are left out rather than guessed).
///
/// Why a snapshot refreshed by the pipeline loop rather than asking Kafka in the scrape:
/// the lag is read on the consumer's own thread (an `async` job queued behind `poll`),
/// and a scrape collector is synchronous, so it must not wait for that thread. The loop
/// refreshes at most every `interval` (and it turns at least every poll timeout, 50 ms by
/// default, even when idle), so a scrape sees figures at most about `interval` old. The
/// collector renders the whole last snapshot, so a revoked partition's line disappears
/// instead of keeping its last value.
final class ConsumerLagGauge: Sendable {
    static let interval: Duration = .seconds(1)

    private struct State {
        var lags: [PartitionLag] = []
        var nextRefresh: ContinuousClock.Instant?
    }

    private let state = Locked(State())

    init(metrics: HubMetrics) {
        let state = self.state
        metrics.addCollector {
            state.withLock { $0.lags }.map { lag in
                HubMetrics.collected(HubMetrics.consumerLag,
                                     labels: ["topic": lag.topic, "partition": String(lag.partition)],
                                     value: Double(lag.lag))
            }
        }
    }

    /// Reads the lag again when the last reading is `interval` old. A failure keeps the
    /// previous figures (logged at debug: the poll loop reports a consumer that is broken).
    func refreshIfDue(from consumer: KafkaConsumer, logger: HubLogger) async {
        let now = ContinuousClock.now
        let due = state.withLock { state -> Bool in
            guard state.nextRefresh.map({ now >= $0 }) ?? true else { return false }
            state.nextRefresh = now.advanced(by: Self.interval)
            return true
        }
        guard due else { return }
        do {
            let lags = try await consumer.lag()
            state.withLock { $0.lags = lags }
        } catch {
            logger.debug("consumer lag not available", [.error(error)])
        }
    }

    /// The figures the next scrape shows.
    var current: [PartitionLag] { state.withLock { $0.lags } }
}
