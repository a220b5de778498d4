import Foundation
import OneThingExchange
import OneThingStore

/// Fills a store with completed applications, written straight through
/// `CorrelationStore` (no Kafka, no engine): copies of one record the hub completed,
/// under new ids, 1,000 to a transaction.
enum BenchPrefill {
    static func fill(path: String, count: Int, template: ApplicationRecord) throws -> Double {
        let start = BenchClock.now()
        let store = try CorrelationStore(path: path)
        var written = 0
        while written < count {
            let chunk = min(1000, count - written)
            try store.write { writer in
                for index in written..<(written + chunk) {
                    var record = template
                    record.id = "PREFILL-" + String(format: "%07d", index)
                    record.submittedEventID = "prefill-submit-\(index)"
                    for position in record.matters.indices {
                        record.matters[position].requestID = record.matters[position].requestID.map { _ in
                            "\(record.id):\(record.matters[position].code):r1"
                        }
                    }
                    try writer.save(record)
                    try writer.markProcessed(eventID: "/channels/bench prefill-submit-\(index)", at: record.updatedAt)
                }
            }
            written += chunk
        }
        try store.checkpoint()
        return BenchClock.seconds(from: start, to: BenchClock.now())
    }
}
