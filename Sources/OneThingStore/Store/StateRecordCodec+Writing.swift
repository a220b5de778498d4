import Foundation
import OneThingExchange

/// The state record's bytes, written member by member (`JSONStreamWriter`): the same
/// bytes as `tree(record).serialized()`, member for member in the same order, which the
/// store's tests check on records with every field set and with none.
///
/// Why not the tree: the pipeline writes one record per application it changed, in the
/// transaction, so a record is made on the hop of every message. The tree costs an array
/// and an object per member list and a `String` per base64 value and per number, all
/// thrown away once serialized; the pending messages' base64 text is most of a record's
/// bytes. Keep this and `tree` in step: a member added to one is added to the other.
extension StateRecordCodec {
    public static func encode(_ record: StateRecord) -> [UInt8] {
        var capacity = 2048
        for message in record.pendingMessages { capacity += (message.value.count + (message.key?.count ?? 0)) * 4 / 3 + 256 }
        var writer = JSONStreamWriter(reserving: capacity)
        writer.beginObject()
        writer.member("format", Int64(StateRecord.formatVersion))
        writer.member("epoch", record.epoch)
        writer.member("writer", record.writer)
        if let published = record.publishedThrough { writer.member("publishedThrough", published) }
        writer.key("application")
        writeApplication(record.application, to: &writer)
        writer.key("processedEvents")
        writer.beginArray()
        for event in record.processedEvents {
            writer.beginArray()
            writer.string(event.key)
            writer.int(event.at.unixMilliseconds)
            writer.endArray()
        }
        writer.endArray()
        writer.key("pendingMessages")
        writer.beginArray()
        for message in record.pendingMessages { writeMessage(message, to: &writer) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// `application(record)`, written.
    private static func writeApplication(_ record: ApplicationRecord, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.member("id", record.id)
        writer.member("flow", record.flow)
        writer.member("state", record.state.rawValue)
        writer.key("document")
        writer.value(record.document)
        writer.member("contentDigest", record.contentDigest)
        writer.member("submittedEventId", record.submittedEventID)
        if !record.submittedSource.isEmpty { writer.member("submittedSource", record.submittedSource) }
        optional(&writer, "acceptedAt", record.acceptedAt)
        optional(&writer, "deadline", record.deadline)
        optional(&writer, "supplementSince", record.supplementSince)
        flag(&writer, "overdueNotified", record.overdueNotified)
        if let outcome = record.outcome { writer.member("outcome", outcome.rawValue) }
        if !record.errors.isEmpty {
            writer.key("errors")
            writer.beginArray()
            for error in record.errors { writer.value(error.json) }
            writer.endArray()
        }
        if !record.notApplicable.isEmpty {
            writer.key("notApplicable")
            writer.beginArray()
            for item in record.notApplicable {
                writer.beginObject()
                writer.member("matter", item.matter)
                writer.member("reason", item.reason)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.member("lastEvent", record.lastEvent)
        if let matter = record.lastEventMatter { writer.member("lastEventMatter", matter) }
        writer.member("updatedAt", record.updatedAt.unixMilliseconds)
        optional(&writer, "nextTimerAt", record.nextTimerAt)
        writer.key("matters")
        writer.beginArray()
        for matter in record.matters { writeMatter(matter, to: &writer) }
        writer.endArray()
        if !record.promises.isEmpty {
            writer.key("promises")
            writer.value(PromiseRecordsJSON.encode(record.promises))
        }
        writer.endObject()
    }

    /// `matter(matter)`, written.
    private static func writeMatter(_ matter: MatterRecord, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.member("code", matter.code)
        writer.member("department", matter.department)
        writer.member("state", matter.state.rawValue)
        writer.member("revision", Int64(matter.revision))
        if let request = matter.requestID { writer.member("requestId", request) }
        optional(&writer, "sentAt", matter.sentAt)
        optional(&writer, "lastSentAt", matter.lastSentAt)
        optional(&writer, "receivedAt", matter.receivedAt)
        optional(&writer, "finalAt", matter.finalAt)
        optional(&writer, "deadline", matter.deadline)
        optional(&writer, "supplementSince", matter.supplementSince)
        if matter.pausedSeconds != 0 {
            writer.key("pausedSeconds")
            writer.value(.double(matter.pausedSeconds))
        }
        if matter.resends != 0 { writer.member("resends", Int64(matter.resends)) }
        flag(&writer, "stalled", matter.stalled)
        flag(&writer, "dueSoonNotified", matter.dueSoonNotified)
        flag(&writer, "overdueNotified", matter.overdueNotified)
        if !matter.outputs.isEmpty {
            writer.key("outputs")
            writer.value(.object(matter.outputs))
        }
        if let reason = matter.reason { writer.member("reason", reason) }
        if let digests = ApplicationRows.requestDigestsColumn(matter.requestDigests) { writer.member("requestDigests", digests) }
        writer.endObject()
    }

    /// `message(message)`, written: binary parts in base64 straight from the bytes.
    private static func writeMessage(_ message: OutboxMessage, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.member("id", message.id)
        writer.member("topic", message.topic)
        if let partition = message.partition { writer.member("partition", Int64(partition)) }
        if let key = message.key {
            writer.key("key")
            writer.base64String(key)
        }
        writer.key("value")
        writer.base64String(message.value)
        writer.key("headers")
        writer.beginArray()
        for header in message.headers {
            writer.beginArray()
            writer.string(header.key)
            writer.base64String(header.value)
            writer.endArray()
        }
        writer.endArray()
        writer.endObject()
    }

    /// A flag is written only when set.
    private static func flag(_ writer: inout JSONStreamWriter, _ name: String, _ set: Bool) {
        guard set else { return }
        writer.key(name)
        writer.bool(true)
    }

    private static func optional(_ writer: inout JSONStreamWriter, _ name: String, _ date: Date?) {
        if let date { writer.member(name, date.unixMilliseconds) }
    }
}
