import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingKafka

/// What one consumed message means to the hub, decided before the store is touched.
///
/// `package`, with `InboundRouter`, because the benchmark's logic phase (onething-bench)
/// drives the pipeline's own router and engine without Kafka or SQLite: it must measure
/// this code, not a copy of it. Nothing outside this package needs it.
package enum Inbound: Sendable {
    /// Apply `input` to application `applicationID`, unless event `dedupKey` was already
    /// processed (at-least-once delivery: the same event may come twice).
    case apply(applicationID: String, input: EngineInput, dedupKey: String)
    /// Unusable: dead-letter it; if it is intake naming an application, also tell that
    /// application's channel (`invalid` status event through the engine). Dead letters
    /// are de-duplicated by their position (topic, partition, offset), since a message
    /// that is not a usable event may have no usable id.
    case deadLetter(DeadLetterVerdict, intakeKey: String?)
    /// An administrator's order from the orders topic (hubctl against a cluster), carried
    /// out by the owner of its application's partition unless event `dedupKey` was
    /// already processed.
    case order(AdministratorOrder, dedupKey: String)
}

/// Turns a consumed Kafka message into an `Inbound`: CloudEvent decoding (binary or
/// structured mode), type checks, JSON parsing of intake data, and routing of replies by
/// the request id they answer (`ce_inreplyto`, else the id inside the body). Pure.
/// `package` for the benchmark's logic phase (see `Inbound`).
package struct InboundRouter: Sendable {
    package let flow: Flow
    /// Larger messages are not decoded at all (see `MessageSizeLimit`).
    package var maxMessageBytes: Int
    /// Keys and policies for the signatures of intake and replies; nil: signatures are
    /// not checked (tests of other concerns, the benchmark's unsigned runs).
    package var trust: MessageTrust?

    package init(flow: Flow, maxMessageBytes: Int = MessageSizeLimit.defaultMaxMessageBytes, trust: MessageTrust? = nil) {
        self.flow = flow
        self.maxMessageBytes = maxMessageBytes
        self.trust = trust
    }

    package func route(_ message: ConsumedMessage) -> Inbound {
        // A forwarded input means what it meant on the topic it was first read from.
        let topic = message.topic == flow.topics.repartition ? Forwarding.originTopic(of: message) ?? "" : message.topic
        let isIntake = topic == flow.topics.applications
        // A bounded copy of a too-large intake (see `Forwarding.boundedCopy`) is refused as
        // its original was: the instance that forwarded it verified the original's
        // signature on the whole message (the signature comes first there), the copy's cut
        // value cannot be verified again, and all it can do is refuse.
        if let original = Forwarding.tooLargeOriginal(of: message, repartitionTopic: flow.topics.repartition) {
            return refuseTooLarge(message, size: original.size, isIntake: isIntake)
        }
        let replyDepartment = flow.topics.department(ofReplyTopic: topic)
        let isOrder = topic == flow.topics.orders
        // The signature first: a message it refuses changes nothing, whatever else it holds.
        var signer: String?
        if let trust, isIntake || replyDepartment != nil || isOrder {
            let signedKey = message.topic == flow.topics.repartition ? Forwarding.signedKey(of: message) : message.key
            switch trust.authenticate(message, key: signedKey, topic: topic,
                                      replyDepartment: replyDepartment, orders: isOrder) {
            case .refused(let verdict): return .deadLetter(verdict, intakeKey: nil)
            case .signed(let by): signer = by
            case .unsignedAccepted: signer = nil
            }
        }
        let size = MessageSizeLimit.size(of: message)
        if size > maxMessageBytes, isIntake || replyDepartment != nil {
            return refuseTooLarge(message, size: size, isIntake: isIntake)
        }
        if isIntake { return routeIntake(message, signer: signer) }
        if let department = replyDepartment {
            return routeReply(message, department: department, topic: topic, signer: signer)
        }
        if isOrder { return routeOrder(message, signer: signer) }
        return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.unknownType,
                                             reason: "The hub does not read topic \(topic.isEmpty ? message.topic : topic)."),
                           intakeKey: nil)
    }

    /// A message over the size limit is refused before it is decoded. Intake still tells
    /// the application its key names (an `invalid` status with one issue), when the key
    /// is short enough to be an application id at all.
    private func refuseTooLarge(_ message: ConsumedMessage, size: Int, isIntake: Bool) -> Inbound {
        let verdict = DeadLetterVerdict(code: DeadLetterVerdict.tooLarge,
                                        reason: "The message is \(size) bytes, over the limit of \(maxMessageBytes) bytes.")
        guard isIntake, let bytes = message.key, !bytes.isEmpty, bytes.count <= Self.longestKey,
              let key = String(validating: bytes, as: UTF8.self) else {
            return .deadLetter(verdict, intakeKey: nil)
        }
        return .deadLetter(verdict, intakeKey: key)
    }

    /// Application ids are short; a longer key is not taken as one.
    static let longestKey = 256

    private func decodeEvent(_ message: ConsumedMessage) -> Result<CloudEvent, DeadLetterVerdict> {
        do {
            let event = try CloudEventCodec.decode(headers: message.headers.map { (key: $0.key, value: $0.value) },
                                                   value: message.value)
            return .success(event)
        } catch {
            switch error {
            case .missingAttribute(let reason):
                return .failure(DeadLetterVerdict(code: DeadLetterVerdict.missingHeader, reason: reason))
            case .malformed(let reason):
                return .failure(DeadLetterVerdict(code: DeadLetterVerdict.malformed, reason: reason))
            }
        }
    }

    private func routeIntake(_ message: ConsumedMessage, signer: String?) -> Inbound {
        let key = message.key.flatMap { String(validating: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
        let event: CloudEvent
        switch decodeEvent(message) {
        case .failure(let verdict): return .deadLetter(verdict, intakeKey: key)
        case .success(let decoded): event = decoded
        }
        if let refusal = Self.sourceMismatch(event, signer: signer) { return .deadLetter(refusal, intakeKey: nil) }
        let dedupKey = Self.dedupKey(event)
        let types = flow.eventTypes
        let evaluated = flow.promises?.types.evaluated
        guard [types.submitted, types.supplemented, types.withdrawn].contains(event.type) || event.type == evaluated else {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.unknownType,
                                                 reason: "Event type \(event.type) is not accepted on \(message.topic)."),
                               intakeKey: key)
        }
        let data: JSONValue
        do {
            data = try JSONValue(parsing: event.data)
        } catch {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.malformed,
                                                 reason: "The event's data is not JSON (\(error.description))."),
                               intakeKey: key)
        }
        // The contract keys intake by applicationId; without a key, the subject or the
        // data's own id still identifies the application (and a mismatch is reported).
        guard let applicationID = key ?? event.subject ?? data.objectValue?["applicationId"]?.stringValue,
              !applicationID.isEmpty else {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.missingHeader,
                                                 reason: "The intake message has no key and names no application."),
                               intakeKey: nil)
        }
        let input: EngineInput
        switch event.type {
        case types.submitted: input = .submitted(eventID: event.id, document: data, source: event.source)
        case types.supplemented: input = .supplemented(eventID: event.id, data: data, source: event.source)
        case evaluated: input = .evaluated(eventID: event.id, data: data, source: event.source)
        default: input = .withdrawn(eventID: event.id, data: data, source: event.source)
        }
        return .apply(applicationID: applicationID, input: input, dedupKey: dedupKey)
    }

    private func routeReply(_ message: ConsumedMessage, department: String, topic: String, signer: String?) -> Inbound {
        let event: CloudEvent
        switch decodeEvent(message) {
        case .failure(let verdict): return .deadLetter(verdict, intakeKey: nil)
        case .success(let decoded): event = decoded
        }
        if let refusal = Self.sourceMismatch(event, signer: signer) { return .deadLetter(refusal, intakeKey: nil) }
        let dedupKey = Self.dedupKey(event)
        if let promises = flow.promises, promises.types.departmentTypes.contains(event.type) {
            return routeSupervisionAnswer(event, types: promises.types, department: department, key: message.key,
                                          dedupKey: dedupKey)
        }
        guard event.type == flow.eventTypes.reply else {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.unknownType,
                                                 reason: "Event type \(event.type) is not accepted on \(topic)."),
                               intakeKey: nil)
        }
        let decoded = flow.decodeReply(department: department, body: event.data)
        let named: String
        if let inReplyTo = event.extensions["inreplyto"], !inReplyTo.isEmpty {
            named = inReplyTo
        } else if case .success(let reply) = decoded {
            named = reply.requestID
        } else if case .failure(let problem) = decoded {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.protocolError, reason: problem.reason),
                               intakeKey: nil)
        } else {
            named = ""
        }
        guard let requestID = RequestID(parsing: named) else {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.orphanReply,
                                                 reason: "The reply answers \"\(named)\", which is not a request id of this hub."),
                               intakeKey: nil)
        }
        let quoted = message.headers.last { $0.key == MessageSignature.requestDigestHeader }?.value
        let reply = ReplyInput(eventID: event.id, department: department, requestID: requestID, decoded: decoded,
                               source: event.source, requestDigest: quoted.map { String(decoding: $0, as: UTF8.self) },
                               signed: signer != nil)
        return .apply(applicationID: requestID.applicationID, input: .reply(reply), dedupKey: dedupKey)
    }

    /// An order message (see `AdministratorOrder`): an `<stem>.order` CloudEvent whose
    /// data names the application, the order and the operator. A signed order speaks for
    /// its operator only: the operator it names must be the one whose key signed it, so
    /// the name recorded in the history is proven.
    private func routeOrder(_ message: ConsumedMessage, signer: String?) -> Inbound {
        let event: CloudEvent
        switch decodeEvent(message) {
        case .failure(let verdict): return .deadLetter(verdict, intakeKey: nil)
        case .success(let decoded): event = decoded
        }
        if let refusal = Self.sourceMismatch(event, signer: signer) { return .deadLetter(refusal, intakeKey: nil) }
        guard event.type == flow.eventTypes.order else {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.unknownType,
                                                 reason: "Event type \(event.type) is not accepted on \(flow.topics.orders)."),
                               intakeKey: nil)
        }
        switch AdministratorOrder.decode(event.data) {
        case .failure(let problem):
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.malformed, reason: "The order is unusable: \(problem)."),
                               intakeKey: nil)
        case .success(let order):
            if let signer, signer != MessageTrust.operatorSigner(order.requestedBy) {
                return .deadLetter(MessageTrust.badSignature(
                    "The order is signed by \(signer), but names operator \(order.requestedBy)."), intakeKey: nil)
            }
            return .order(order, dedupKey: Self.dedupKey(event))
        }
    }

    /// A department's word on a card or a rectification: JSON naming the application (the
    /// key, else the data's `applicationId`, else the subject).
    private func routeSupervisionAnswer(_ event: CloudEvent, types: PromiseEventTypes, department: String, key: [UInt8]?,
                                        dedupKey: String) -> Inbound {
        let data: JSONValue
        do {
            data = try JSONValue(parsing: event.data)
        } catch {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.malformed,
                                                 reason: "The event's data is not JSON (\(error.description))."),
                               intakeKey: nil)
        }
        let named = key.flatMap { String(validating: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? data.objectValue?["applicationId"]?.stringValue ?? event.subject
        guard let applicationID = named, !applicationID.isEmpty else {
            return .deadLetter(DeadLetterVerdict(code: DeadLetterVerdict.missingHeader,
                                                 reason: "The \(event.type) message has no key and names no application."),
                               intakeKey: nil)
        }
        let kind: SupervisionAnswer.Kind
        switch event.type {
        case types.cardAcknowledged: kind = .cardAcknowledged
        case types.cardRectified: kind = .cardRectified
        default: kind = .rectified
        }
        let answer = SupervisionAnswer(kind: kind, eventID: event.id, source: event.source, department: department, data: data)
        return .apply(applicationID: applicationID, input: .supervisionAnswer(answer), dedupKey: dedupKey)
    }

    /// A signed event speaks for its signer only: its `ce_source` (covered by the signature
    /// in either CloudEvents mode) must name the signer, so the rest of the hub can take
    /// the source as proven.
    private static func sourceMismatch(_ event: CloudEvent, signer: String?) -> DeadLetterVerdict? {
        guard let signer, event.source != signer else { return nil }
        return MessageTrust.badSignature("The event is signed by \(signer), but its ce_source is \(event.source).")
    }

    /// CloudEvents makes `source` + `id` unique, so that pair (not the id alone, which two
    /// departments could both choose) identifies an event for de-duplication.
    static func dedupKey(_ event: CloudEvent) -> String { event.source + " " + event.id }
}
