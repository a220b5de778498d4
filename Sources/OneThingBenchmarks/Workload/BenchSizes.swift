import OneThingKafka
import OneThingStore

/// A message's size as the benchmark counts it: key, value and headers.
enum BenchSizes {
    static func bytes(_ message: OutgoingMessage) -> Int {
        (message.key?.count ?? 0) + (message.value?.count ?? 0)
            + message.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
    }

    static func bytes(_ message: OutboxMessage) -> Int {
        (message.key?.count ?? 0) + message.value.count + message.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.count }
    }

    static func bytes(_ message: ConsumedMessage) -> Int {
        (message.key?.count ?? 0) + (message.value?.count ?? 0)
            + message.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
    }
}
