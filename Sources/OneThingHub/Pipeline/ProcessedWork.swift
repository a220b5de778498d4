import OneThingStore

/// What one store transaction of the pipeline did: the outbox rows it wrote (to publish
/// next, in order) and the counts the metrics and logs need.
struct ProcessedWork: Sendable {
    var outbox: [OutboxMessage] = []
    var consumedByTopic: [String: Int] = [:]
    var deadLettersByCode: [String: Int] = [:]
    /// Messages too large for Kafka, set aside instead of enqueued.
    var undeliverable: [Undeliverable.Outcome] = []
    var applied = 0
    var duplicates = 0
    /// Inputs forwarded to their application's owner partition (see `Forwarding`).
    var forwarded = 0
    var timersFired = 0
    var ordersDone = 0
    /// State records put in the outbox (one per application changed).
    var stateRecords = 0
    /// True when the timer query returned a full page: more may be due right now.
    var moreTimersDue = false
}
