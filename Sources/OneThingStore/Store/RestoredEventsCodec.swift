import Foundation
import OneThingExchange

/// The `events` column of `restored_events` (schema version 10): an application's
/// restored de-duplication keys as the state record lists them, `[[key, Unix
/// milliseconds], ...]`, so a key is found with SQLite's `json_each` and the list is
/// written as it came.
enum RestoredEventsCodec {
    static func encode(_ events: [ProcessedEvent]) -> [UInt8] {
        JSONValue.array(events.map { .array([.string($0.key), .int($0.at.unixMilliseconds)]) }).serialized()
    }

    static func decode(_ bytes: [UInt8]) throws(StoreError) -> [ProcessedEvent] {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw StoreError.invalidData("restored de-duplication keys are not JSON: \(error)")
        }
        guard let items = value.arrayValue else {
            throw StoreError.invalidData("restored de-duplication keys are not a list")
        }
        return try items.map { item throws(StoreError) -> ProcessedEvent in
            guard let pair = item.arrayValue, pair.count == 2, let key = pair[0].stringValue, let at = pair[1].intValue else {
                throw StoreError.invalidData("a restored de-duplication key is not [key, milliseconds]")
            }
            return ProcessedEvent(key: key, at: Date(unixMilliseconds: at))
        }
    }

    /// The keys of both tables, each once (the newest instant kept), oldest first.
    static func merge(_ recorded: [ProcessedEvent], _ restored: [ProcessedEvent]) -> [ProcessedEvent] {
        guard !restored.isEmpty else { return recorded }
        var byKey: [String: Date] = [:]
        for event in recorded + restored { byKey[event.key] = max(byKey[event.key] ?? event.at, event.at) }
        return byKey.map { ProcessedEvent(key: $0.key, at: $0.value) }
            .sorted { ($0.at, $0.key) < ($1.at, $1.key) }
    }
}
