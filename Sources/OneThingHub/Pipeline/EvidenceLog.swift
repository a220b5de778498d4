import Foundation
import OneThingEvidence
import OneThingExchange
import OneThingKafka
import OneThingStore
import OneThingSupport

/// The pipeline's side of the evidence log: what it records of each message, which
/// messages count, how the rows of a transaction reach the evidence topic, and when a
/// checkpoint is due.
///
/// Counted: what crosses the contract's topics (intake, replies, requests, cancels,
/// status, dead letters). The hub's own internal traffic (its state records, forwarded
/// inputs, the evidence topic itself) is not evidence of an exchange with anyone.
struct EvidenceLog: Sendable {
    let settings: EvidenceSettings
    let flow: Flow
    /// Names this store's chain on the evidence topic (its key): one chain per store.
    let chainID: String
    private let internalTopics: Set<String>
    /// When the last checkpoint was written (nil: not known yet this run).
    private let lastCheckpoint = Locked<Date?>(nil)

    init(settings: EvidenceSettings, flow: Flow, chainID: String) {
        self.settings = settings
        self.flow = flow
        self.chainID = chainID
        internalTopics = [flow.topics.state, flow.topics.repartition, flow.topics.evidence]
    }

    func records(topic: String) -> Bool { !internalTopics.contains(topic) }

    /// Whether a consumed message is evidence: a copy forwarded to its owner partition
    /// counts as the message first read (the instance that forwarded it recorded nothing:
    /// it did not act on it), so a sender's stray message is in the owner's chain.
    func recordsConsumed(_ message: ConsumedMessage) -> Bool {
        records(topic: Self.origin(of: message, repartition: flow.topics.repartition).topic)
    }

    /// `digest`: `consumedDigest(message)` if already computed (nil: computed here).
    func consumed(_ message: ConsumedMessage, applicationID: String?, at now: Date, digest: String? = nil) throws -> EvidenceEntry {
        let origin = Self.origin(of: message, repartition: flow.topics.repartition)
        let headers = message.headers.map { (key: $0.key, value: $0.value) }
        return EvidenceEntry.message(.consumed, at: now, applicationID: applicationID, topic: origin.topic, headers: headers,
                                     fallbackSigner: "(unnamed)",
                                     digest: try digest ?? EvidenceDigest.message(key: origin.key, headers: headers, value: message.value))
    }

    /// The digest `consumed` records for `message`; nil when the message is not evidence
    /// or could not be digested (then `consumed` digests it again and reports the failure
    /// in the transaction). Pure: the pipeline computes it while routing, off the store's
    /// serial path.
    func consumedDigest(_ message: ConsumedMessage) -> String? {
        guard recordsConsumed(message) else { return nil }
        let origin = Self.origin(of: message, repartition: flow.topics.repartition)
        return try? EvidenceDigest.message(key: origin.key, headers: message.headers.map { (key: $0.key, value: $0.value) },
                                           value: message.value)
    }

    /// The topic and key a message was first read with: its own, or for a forwarded copy
    /// those its forwarding headers keep (the signed content, and so the digest, is the
    /// original's: forwarding adds only headers the signature does not cover).
    private static func origin(of message: ConsumedMessage, repartition: String) -> (topic: String, key: [UInt8]?) {
        guard message.topic == repartition, let topic = Forwarding.originTopic(of: message) else {
            return (message.topic, message.key)
        }
        return (topic, Forwarding.signedKey(of: message))
    }

    /// `digest`: `producedDigest` of the same message if already computed (nil: computed here).
    func produced(topic: String, key: [UInt8]?, value: [UInt8], headers: [StoredHeader], applicationID: String?,
                  at now: Date, digest: String? = nil) throws -> EvidenceEntry {
        let headers = headers.map { (key: $0.key, value: Optional($0.value)) }
        return EvidenceEntry.message(.produced, at: now, applicationID: applicationID, topic: topic, headers: headers,
                                     fallbackSigner: settings.signer,
                                     digest: try digest ?? EvidenceDigest.message(key: key, headers: headers, value: value))
    }

    /// The digest `produced` records for an outgoing message; nil when its topic is not
    /// evidence or it could not be digested (as `consumedDigest`). Pure: the pipeline
    /// computes it with the engine's step, off the store's serial path.
    func producedDigest(_ message: EngineMessage) -> String? {
        guard records(topic: message.topic) else { return nil }
        return try? EvidenceDigest.message(key: Array(message.key.utf8),
                                           headers: message.headers.map { (key: $0.key, value: Optional($0.value)) },
                                           value: message.value)
    }

    /// Whether a checkpoint is due: the interval has passed since the last one (read from
    /// the store the first time).
    func checkpointDue(at now: Date, reader: StoreReader) throws -> Bool {
        guard settings.checkpointKey != nil else { return false }
        let last = try lastCheckpoint.withLock { $0 } ?? reader.lastEvidenceCheckpoint()?.at
        guard let last else { return true }
        lastCheckpoint.withLock { $0 = last }
        return now.timeIntervalSince(last) >= Double(settings.checkpointInterval.components.seconds)
    }

    func checkpointWritten(at now: Date) {
        lastCheckpoint.withLock { $0 = now }
    }

    /// The evidence topic's message for the rows of one transaction (nil: none, or not
    /// published): one message per transaction, keyed by the chain, so the topic keeps
    /// each chain in order on one partition at the cost of one outbox row per batch.
    func topicMessage(_ rows: [EvidenceRecord], at now: Date) -> EngineMessage? {
        guard settings.publishesTopic, let first = rows.first, let last = rows.last else { return nil }
        let value = topicValue(rows)
        return WireMessages.event(topic: flow.topics.evidence, key: chainID, id: "\(chainID):evidence:\(first.seq)-\(last.seq)",
                                  type: flow.eventTypes.evidence, time: now, subject: chainID,
                                  contentType: "application/json", matter: nil, value: value)
    }

    /// The evidence topic message's value, as a tree: the reference form of `topicValue`.
    func topicTree(_ rows: [EvidenceRecord]) -> JSONValue {
        .object(JSONObject([("format", .int(1)), ("chain", .string(chainID)), ("rows", .array(rows.map(Self.json)))]))
    }

    /// `topicTree(rows).serialized()`, written member by member without the tree (one
    /// message per transaction, on its serial path); keep the two in step.
    func topicValue(_ rows: [EvidenceRecord]) -> [UInt8] {
        var writer = JSONStreamWriter(reserving: 128 + rows.count * 640)
        writer.beginObject()
        writer.member("format", 1)
        writer.member("chain", chainID)
        writer.key("rows")
        writer.beginArray()
        for row in rows {
            writer.beginObject()
            writer.member("seq", row.seq)
            writer.member("at", EvidenceChain.milliseconds(row.at))
            writer.member("kind", row.kind.rawValue)
            if let value = row.applicationID { writer.member("applicationId", value) }
            if let value = row.topic { writer.member("topic", value) }
            if let value = row.eventType { writer.member("eventType", value) }
            if let value = row.eventID { writer.member("eventId", value) }
            writer.member("signer", row.signer)
            writer.member("digest", row.digest)
            if let value = row.signature { writer.member("signature", value) }
            if let value = row.algorithm { writer.member("algorithm", value) }
            writer.member("previous", row.previous)
            writer.member("hash", row.hash)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// A row as the evidence topic carries it (`EvidenceRows` in `Topics/asyncapi.json`).
    static func json(_ row: EvidenceRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("seq", .int(row.seq)), ("at", .int(EvidenceChain.milliseconds(row.at))), ("kind", .string(row.kind.rawValue)),
        ]
        if let value = row.applicationID { members.append(("applicationId", .string(value))) }
        if let value = row.topic { members.append(("topic", .string(value))) }
        if let value = row.eventType { members.append(("eventType", .string(value))) }
        if let value = row.eventID { members.append(("eventId", .string(value))) }
        members.append(("signer", .string(row.signer)))
        members.append(("digest", .string(row.digest)))
        if let value = row.signature { members.append(("signature", .string(value))) }
        if let value = row.algorithm { members.append(("algorithm", .string(value))) }
        members.append(("previous", .string(row.previous)))
        members.append(("hash", .string(row.hash)))
        return .object(JSONObject(members))
    }
}
