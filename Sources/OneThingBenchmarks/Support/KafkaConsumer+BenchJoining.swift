import OneThingKafka
import OneThingSupport

extension KafkaConsumer {
    /// A benchmark consumer subscribed to `topics`; `onAssigned` runs when the group first
    /// hands it partitions (phases wait for that before their clocks start).
    static func bench(_ configuration: KafkaConfiguration, groupID: String, topics: [String],
                      onAssigned: @escaping @Sendable () -> Void) throws -> KafkaConsumer {
        let consumer = try KafkaConsumer(configuration: configuration, groupID: groupID) { event in
            if case .assigned = event { onAssigned() }
        }
        try consumer.subscribe(topics: topics)
        return consumer
    }

    /// Polls (discarding nothing of interest: the topics are still empty) until the group
    /// assigned partitions, so that joining is not timed; throws after 30 s.
    func joinBeforeTiming(_ assigned: Locked<Bool>, what: String) async throws {
        let joinStart = BenchClock.now()
        while !assigned.withLock({ $0 }) {
            _ = try await poll(maxMessages: 1, timeout: .milliseconds(50))
            if BenchClock.seconds(from: joinStart, to: BenchClock.now()) > 30 { throw BenchFailure("\(what) never joined") }
        }
    }
}
