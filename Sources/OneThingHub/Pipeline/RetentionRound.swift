import Foundation
import OneThingStore

/// One turn of retention, on the store's thread: one archive batch (`ApplicationArchiver`)
/// and one batch of dead letters whose raw values are dropped, their SHA-256 and size
/// kept. Both only touch what is older than the retention period.
struct RetentionRound: Sendable {
    let archiver: ApplicationArchiver
    let store: CorrelationStore
    /// Dead letters per turn whose payload is dropped.
    var payloadBatchSize = 200

    struct Outcome: Sendable {
        var archive = ApplicationArchiver.Batch()
        /// Dead letters whose raw value was dropped.
        var payloadsDropped = 0
        /// More of either may be due at once.
        var more: Bool { archive.more || payloadsFull }
        var payloadsFull = false
    }

    func run(cutoff: Date, partitions: Set<Int32>?, now: Date) throws -> Outcome {
        var outcome = Outcome()
        outcome.archive = try archiver.archiveBatch(changedBefore: cutoff, partitions: partitions, now: now)
        let limit = payloadBatchSize
        outcome.payloadsDropped = try store.write { writer in
            let payloads = try writer.deadLetterPayloads(recordedBefore: cutoff, limit: limit)
            for payload in payloads {
                try writer.dropDeadLetterPayload(id: payload.id, sha256: SHA256.hex(payload.value),
                                                 bytes: payload.value.count, at: now)
            }
            return payloads.count
        }
        outcome.payloadsFull = outcome.payloadsDropped == limit
        return outcome
    }
}
