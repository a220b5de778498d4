import Foundation
import Testing
import OneThingExchange
import OneThingKafka
import OneThingStore
@testable import OneThingHub

/// A batch is evaluated and written chunk by chunk of applications, the engine running
/// ahead on other threads. Whatever the chunking, the store must end exactly where
/// applying the same messages one at a time leaves it, and every application's outbox
/// rows must come in the same order.
@Suite struct ChunkedBatchTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// Intake for 160 applications in one batch, then in a second batch an acknowledgement
    /// and an approval of every request the first sent (several inputs per application,
    /// interleaved with other applications').
    @Test func aChunkedBatchEndsWhereOneMessageAtATimeEnds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chunked-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = HubEngine(flow: TestFlow.retirement)
        let chunked = PipelineCore(engine: engine, store: try CorrelationStore(path: directory + "/chunked.sqlite"))
        let single = PipelineCore(engine: engine, store: try CorrelationStore(path: directory + "/single.sqlite"))
        let ids = (0..<160).map { String(format: "GX-C-%04d", $0) }

        var offset: Int64 = 0
        func message(_ topic: String) -> ConsumedMessage {
            offset += 1
            return ConsumedMessage(topic: topic, partition: 0, offset: offset, key: nil, value: nil, headers: [], timestamp: nil)
        }
        let intake = RoutedBatch(
            messages: ids.map { _ in message("intake") },
            inbound: ids.map { .apply(applicationID: $0, input: .submitted(eventID: "in-\($0)", document: ApplicationForms.full(id: $0)),
                                      dedupKey: "in-\($0)") })
        let firstOutbox = try compare(intake, chunked: chunked, single: single)

        // Acknowledge and approve every request the intake sent, all in one batch.
        var replies: [Inbound] = []
        for row in firstOutbox where row.headers.first(where: { $0.key == "ce_type" })?.value == Array(engine.flow.eventTypes.request.utf8) {
            guard let idHeader = row.headers.first(where: { $0.key == "ce_id" }),
                  let requestID = RequestID(parsing: String(decoding: idHeader.value, as: UTF8.self)),
                  let department = engine.flow.matter(requestID.matter)?.department else { continue }
            // Received, then approved: two inputs of one application in the batch.
            for (tag, decision) in [("ack", ReplyDecision.received),
                                    ("ok", .approved(outputs: MatterOutputs.approved(requestID.matter)))] {
                let eventID = "\(tag)-\(requestID)"
                let input = ReplyInput(eventID: eventID, department: department, requestID: requestID,
                                       decoded: .success(DepartmentReply(requestID: requestID.description, decision: decision)))
                replies.append(.apply(applicationID: requestID.applicationID, input: .reply(input), dedupKey: eventID))
            }
        }
        #expect(replies.count >= 2 * ids.count, "every application has several inputs in the batch")
        let replyBatch = RoutedBatch(messages: replies.map { _ in message("replies") }, inbound: replies)
        _ = try compare(replyBatch, chunked: chunked, single: single)

        for id in ids {
            let left = try chunked.store.read { try $0.application(id: id) }
            let right = try single.store.read { try $0.application(id: id) }
            #expect(left != nil)
            #expect(left == right, "\(id)")
            let leftHistory = try chunked.store.read { try $0.history(applicationID: id) }.map { [$0.kind, $0.matter ?? "", $0.detail] }
            let rightHistory = try single.store.read { try $0.history(applicationID: id) }.map { [$0.kind, $0.matter ?? "", $0.detail] }
            #expect(leftHistory == rightHistory, "\(id)")
        }
    }

    /// Processes `batch` as one transaction on `chunked` and one message per transaction
    /// on `single`; expects the same outbox rows per key, in the same order. Returns the
    /// chunked run's outbox.
    private func compare(_ batch: RoutedBatch, chunked: PipelineCore, single: PipelineCore) throws -> [OutboxMessage] {
        let work = try chunked.process(batch, now: Self.now)
        #expect(work.applied == batch.messages.count)
        var oneByOne: [OutboxMessage] = []
        for (message, inbound) in zip(batch.messages, batch.inbound) {
            oneByOne += try single.process(RoutedBatch(messages: [message], inbound: [inbound]), now: Self.now).outbox
        }
        #expect(Self.byKey(work.outbox) == Self.byKey(oneByOne))
        #expect(work.outbox.count == oneByOne.count)
        return work.outbox
    }

    private static func byKey(_ rows: [OutboxMessage]) -> [String: [[UInt8]]] {
        var grouped: [String: [[UInt8]]] = [:]
        for row in rows {
            let key = row.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
            var bytes = Array(row.topic.utf8) + [0] + row.value
            for header in row.headers { bytes += [0] + Array(header.key.utf8) + [0] + header.value }
            grouped[key, default: []].append(bytes)
        }
        return grouped
    }
}
