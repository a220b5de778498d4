import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub
import OneThingTestSupport

/// The state topic: every change of an application reaches it, and its records alone
/// rebuild the store.
@Suite("State topic")
struct StateTopicTests {
    /// The state topic's records, grouped by partition in offset order.
    static func entriesByPartition(_ messages: [ConsumedMessage]) -> [Int32: [ChangelogEntry]] {
        Dictionary(grouping: messages, by: \.partition).mapValues { messages in
            messages.sorted { $0.offset < $1.offset }.map { message in
                ChangelogEntry(offset: message.offset, key: message.key, value: message.value,
                               headers: message.headers.map { StoredHeader(key: $0.key, value: $0.value ?? []) })
            }
        }
    }

    @Test func everyApplicationsNewestRecordEqualsTheStoreAndRebuildsIt() async throws {
        let bed = try HubTestBed(partitions: 3)
        try bed.startHub()
        let ids = (1...8).map { String(format: "GX-STATE-%03d", $0) }
        for (index, id) in ids.enumerated() {
            try await bed.channel.submit(index.isMultiple(of: 2) ? ApplicationForms.full(id: id) : ApplicationForms.minimal(id: id), id: id)
        }
        for id in ids { #expect(try await bed.waitForOutcome(id) == .completed, "\(id)") }
        #expect(try await eventually { try bed.store.read { try $0.outboxDepth() } == 0 })
        let writer = try bed.store.writerID
        try await bed.stopHub()
        // Read back without the hub's record cache: what the file holds.
        let source = try CorrelationStore(path: bed.storePath, recordCacheCapacity: 0)
        let expected = try source.read { reader in try ids.map { id in try #require(try reader.application(id: id)) } }
        let expectedEvents = try source.read { reader in try ids.map { try reader.processedEvents(applicationID: $0) } }
        #expect(expectedEvents.allSatisfy { $0.count >= 5 }, "intake and replies are the application's keys")

        // Every record that reached the topic; the newest of each application is its state.
        var byPartition: [Int32: [ChangelogEntry]] = [:]
        _ = try await eventually {
            byPartition = Self.entriesByPartition(bed.recorder.on(bed.flow.topics.state))
            let newest = byPartition.values.flatMap { $0 }.reduce(into: [String: ChangelogEntry]()) { newest, entry in
                newest[String(decoding: entry.key ?? [], as: UTF8.self)] = entry
            }
            return ids.allSatisfy { id in
                (newest[id]?.value).flatMap { try? StateRecordCodec.decode($0).application } == expected[ids.firstIndex(of: id) ?? 0]
            }
        }
        let all = byPartition.values.flatMap { $0 }
        #expect(Set(all.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } }) == Set(ids))
        for entry in all {
            let record = try StateRecordCodec.decode(try #require(entry.value))
            #expect(record.writer == writer)
            #expect(record.epoch > 0, "written under the ownership epoch of the assignment")
        }

        // A store on an empty disk rebuilt from the topic alone equals the one before.
        let directory = try TemporaryDirectory()
        let rebuilt = try CorrelationStore(path: directory.path(), recordCacheCapacity: 0)
        for (partition, entries) in byPartition {
            let restore = ChangelogRestore(store: rebuilt, topic: bed.flow.topics.state, partition: partition)
            try restore.apply(entries)
            let summary = try restore.finish(nextOffset: (entries.last?.offset ?? -1) + 1)
            #expect(summary.invalid == 0 && summary.stale == 0)
        }
        let restored = try rebuilt.read { reader in try ids.map { id in try reader.application(id: id) } }
        #expect(restored == expected.map(Optional.some))
        #expect(try rebuilt.read { reader in try ids.map { try reader.processedEvents(applicationID: $0) } } == expectedEvents)
        // Whatever comes back into the outbox was sent before: same ce_id, same topic.
        let published = Set(bed.recorder.on(bed.flow.topics.status).compactMap { MockKafka.header($0, "ce_id") })
            .union(bed.departments.requests.current)
        for message in try rebuilt.unsentOutbox(limit: 1000) {
            let ceID = message.headers.first { $0.key == "ce_id" }.map { String(decoding: $0.value, as: UTF8.self) }
            #expect(ceID.map(published.contains) == true, "\(message.topic) \(ceID ?? "-")")
        }
        await bed.shutdown()
    }
}
