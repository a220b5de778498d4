import Foundation
import OneThingKafka
import OneThingStore

/// A too-large intake that arrived on a stray partition still has to reach its owner,
/// which tells the application (`invalid`), but the oversized payload must not: copied
/// whole, it would go through the store's outbox and the repartition topic, the very
/// thing `--max-message-bytes` keeps out (and near Kafka's own limit the copy, with the
/// forwarding headers, would not fit at all). So the copy carries what the message's
/// dead letter keeps (the first 4 KiB of the value, the original headers while they fit
/// in 4 KiB) and the original's size and SHA-256; the owner refuses it as the original.
extension Forwarding {
    static let tooLargeSizeHeader = "onething_too_large_size"
    static let tooLargeSHA256Header = "onething_too_large_sha256"

    /// The original's size and digest, when `message` is the bounded copy of a too-large
    /// one. Only a copy read from the repartition topic is one: a sender cannot make its
    /// own message count as refused elsewhere.
    static func tooLargeOriginal(of message: ConsumedMessage, repartitionTopic: String) -> (size: Int, sha256: String)? {
        guard message.topic == repartitionTopic,
              let size = message.headers.last(where: { $0.key == tooLargeSizeHeader })?.value
                  .flatMap({ Int(String(decoding: $0, as: UTF8.self)) }),
              let digest = message.headers.last(where: { $0.key == tooLargeSHA256Header })?.value
                  .map({ String(decoding: $0, as: UTF8.self) }) else { return nil }
        return (size, digest)
    }

    /// The bounded copy of a too-large `message`: its value and headers.
    static func boundedCopy(of message: ConsumedMessage) -> (value: [UInt8], headers: [StoredHeader]) {
        let kept = DeadLetters.keptOfTooLarge(message)
        return (kept.value, kept.headers + [
            StoredHeader(key: tooLargeSizeHeader, value: Array(String(kept.size).utf8)),
            StoredHeader(key: tooLargeSHA256Header, value: Array(kept.sha256.utf8)),
        ] + originHeaders(of: message))
    }
}
