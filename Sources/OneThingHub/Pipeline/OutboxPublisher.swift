import Foundation
import OneThingKafka
import OneThingStore

/// Publishes outbox rows and marks them published once the broker acknowledged them.
///
/// Every message of a batch is handed to librdkafka at once with the callback `send`
/// (no round trip per message), then the publisher waits for all delivery reports. Rows
/// whose delivery failed stay unpublished and are sent again by `publishBacklog`, in id
/// order, before anything newer is committed: the outbox is the durable record of what
/// must reach Kafka, so a crash at any instant loses nothing (at worst a row is
/// published twice, with the same `ce_id`).
struct OutboxPublisher: Sendable {
    let producer: KafkaProducer
    let store: CorrelationStore
    let metrics: HubMetrics?

    struct Failure: Error, CustomStringConvertible {
        let failed: Int
        let first: KafkaError
        var description: String { "\(failed) message(s) not delivered: \(first.description)" }
    }

    /// Publishes `rows` and waits for every delivery report; marks the delivered rows.
    /// Throws when any row was not delivered.
    func publish(_ rows: [OutboxMessage]) async throws {
        guard !rows.isEmpty else { return }
        let results = await deliver(rows)
        var delivered: [Int64] = []
        delivered.reserveCapacity(rows.count)
        var deliveredByTopic: [String: Int] = [:]
        var firstFailure: KafkaError?
        var failed = 0
        for (row, result) in zip(rows, results) {
            switch result {
            case .success:
                delivered.append(row.id)
                deliveredByTopic[row.topic, default: 0] += 1
            case .failure(let error):
                failed += 1
                if firstFailure == nil { firstFailure = error }
            }
        }
        try store.markPublished(ids: delivered)
        for (topic, count) in deliveredByTopic { metrics?.messageOut(topic: topic, count: count) }
        if let firstFailure { throw Failure(failed: failed, first: firstFailure) }
    }

    /// Publishes everything still unpublished in the store, oldest first (crash recovery
    /// at start, and retry after a failed publish).
    func publishBacklog(pageSize: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            let rows = try store.unsentOutbox(limit: pageSize)
            if rows.isEmpty { return total }
            try await publish(rows)
            total += rows.count
        }
    }

    private func deliver(_ rows: [OutboxMessage]) async -> [Result<DeliveryReport, KafkaError>] {
        await withCheckedContinuation { (continuation: CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>) in
            let tracker = DeliveryTracker(count: rows.count, continuation: continuation)
            for (index, row) in rows.enumerated() {
                let message = OutgoingMessage(topic: row.topic, key: row.key, value: row.value,
                                              headers: row.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
                do throws(KafkaError) {
                    try producer.send(message) { result in tracker.complete(index, result) }
                } catch {
                    tracker.complete(index, .failure(error))
                }
            }
        }
    }
}

/// Collects the delivery reports of one publish and resumes the waiting task when the
/// last one arrives (reports come on the Kafka layer's thread, in any order).
private final class DeliveryTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<DeliveryReport, KafkaError>?]
    private var remaining: Int
    private var continuation: CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>?

    init(count: Int, continuation: CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>) {
        results = Array(repeating: nil, count: count)
        remaining = count
        self.continuation = continuation
    }

    func complete(_ index: Int, _ result: Result<DeliveryReport, KafkaError>) {
        lock.lock()
        guard results[index] == nil else { lock.unlock(); return }
        results[index] = result
        remaining -= 1
        let finished = remaining == 0 ? continuation : nil
        if finished != nil { continuation = nil }
        let collected = results
        lock.unlock()
        finished?.resume(returning: collected.map { $0 ?? .failure(KafkaError(kind: .other, message: "no delivery report")) })
    }
}
