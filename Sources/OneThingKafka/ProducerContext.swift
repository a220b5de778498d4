import CRdKafka
import Foundation

/// The completion of one produced record. A retained reference to it travels through
/// librdkafka as the message opaque (`rkmessage->_private`) and is taken back (released)
/// exactly once: by the delivery-report callback, or by the producer right away when
/// `rd_kafka_producev` refuses the record.
final class DeliveryBox: Sendable {
    private let completion: @Sendable (Result<DeliveryReport, KafkaError>) -> Void

    init(_ completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) {
        self.completion = completion
    }

    func complete(_ result: Result<DeliveryReport, KafkaError>) {
        completion(result)
    }
}

/// A record waiting for room in librdkafka's queue (async `send` never blocks: it parks
/// here and the poll thread enqueues it, in order, as delivery reports free room).
struct ParkedRecord: Sendable {
    let message: OutgoingMessage
    let box: DeliveryBox
}

/// The producer's callback context (the conf opaque). It outlives the handle: the
/// `KafkaHandle` retains it until after `rd_kafka_destroy`.
///
/// It holds what callbacks and senders share: the room condition (signalled by the poll
/// thread after it served delivery reports), the parked async records, and the last
/// broker error and fatal error reported by `error_cb`, used to explain failures.
final class ProducerContext: @unchecked Sendable {
    private let condition = NSCondition()
    private var roomGeneration: UInt64 = 0
    private var waiters = 0
    private var parked: [ParkedRecord] = []
    private var lastBrokerError: String?
    private var fatal: KafkaError?
    /// Where librdkafka's log lines go (`KafkaLogSource`); nil: librdkafka's stderr default.
    let logHandler: (@Sendable (KafkaLogRecord) -> Void)?

    init(logHandler: (@Sendable (KafkaLogRecord) -> Void)?) {
        self.logHandler = logHandler
    }

    // MARK: back-pressure

    var generation: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return roomGeneration
    }

    /// Blocks the calling (non-async) thread until the poll thread served events since
    /// `generation`, or 100 ms passed (then the caller simply retries).
    func waitForRoom(after generation: UInt64) {
        condition.lock()
        defer { condition.unlock() }
        guard roomGeneration == generation else { return }
        waiters += 1
        _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
        waiters -= 1
    }

    /// Called by the poll thread after `rd_kafka_poll` served delivery reports.
    func signalRoom() {
        condition.lock()
        roomGeneration &+= 1
        if waiters > 0 { condition.broadcast() }
        condition.unlock()
    }

    // MARK: parked async records

    var hasParked: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !parked.isEmpty
    }

    func park(_ record: ParkedRecord) {
        condition.lock()
        parked.append(record)
        condition.unlock()
    }

    /// Enqueues parked records in order until librdkafka reports its queue full again.
    /// `attempt` returns the producev result (the box is already settled on other errors).
    func drainParked(_ attempt: (ParkedRecord) -> rd_kafka_resp_err_t) {
        while true {
            condition.lock()
            guard let next = parked.first else {
                condition.unlock()
                return
            }
            condition.unlock()
            if attempt(next) == RD_KAFKA_RESP_ERR__QUEUE_FULL { return }
            condition.lock()
            parked.removeFirst()
            condition.unlock()
        }
    }

    /// After the handle is gone: nothing parked can ever be sent.
    func failParked(_ error: KafkaError) {
        condition.lock()
        let victims = parked
        parked.removeAll()
        condition.unlock()
        for record in victims { record.box.complete(.failure(error)) }
    }

    // MARK: errors seen by error_cb

    func recordBrokerError(_ text: String) {
        condition.lock()
        lastBrokerError = text
        condition.unlock()
    }

    func recordFatal(_ error: KafkaError) {
        condition.lock()
        if fatal == nil { fatal = error }
        condition.unlock()
    }

    var fatalError: KafkaError? {
        condition.lock()
        defer { condition.unlock() }
        return fatal
    }

    var lastBrokerErrorText: String? {
        condition.lock()
        defer { condition.unlock() }
        return lastBrokerError
    }
}

/// `dr_msg_cb`: runs on the producer's poll thread inside `rd_kafka_poll`.
let producerDeliveryReportCallback: @convention(c) (
    OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?
) -> Void = { _, message, opaque in
    guard let message, let cookie = message.pointee._private else { return }
    let box = Unmanaged<DeliveryBox>.fromOpaque(cookie).takeRetainedValue()
    let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    let error = message.pointee.err
    if error == RD_KAFKA_RESP_ERR_NO_ERROR {
        box.complete(.success(DeliveryReport(topic: topic, partition: message.pointee.partition,
                                             offset: message.pointee.offset)))
        return
    }
    // Not rd_kafka_message_errstr: for a produced record it returns the record's own
    // payload, which is not NUL-terminated (the address sanitizer caught that).
    var detail = "delivery to topic \(topic) failed"
    if let opaque {
        let context = Unmanaged<ProducerContext>.fromOpaque(opaque).takeUnretainedValue()
        if let fatal = context.fatalError {
            box.complete(.failure(fatal))
            return
        }
        if let broker = context.lastBrokerErrorText { detail += " (last broker error: \(broker))" }
    }
    box.complete(.failure(KafkaError(error, detail: detail)))
}

/// `error_cb`: client-level errors (broker down, fatal idempotence errors, refused
/// credentials). Served by
/// whichever thread polls the handle's main queue.
let clientErrorCallback: @convention(c) (
    OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?
) -> Void = { rk, code, reason, opaque in
    guard let opaque else { return }
    let context = Unmanaged<AnyObject>.fromOpaque(opaque).takeUnretainedValue()
    guard let sink = context as? ClientErrorSink else { return }
    let text = reason.map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(rd_kafka_resp_err_t(code)))
    if rd_kafka_resp_err_t(code) == RD_KAFKA_RESP_ERR__FATAL, let rk {
        var errstr = [CChar](repeating: 0, count: 512)
        let underlying = rd_kafka_fatal_error(rk, &errstr, errstr.count)
        sink.recordFatal(KafkaError(kind: .fatal, code: underlying.rawValue,
                                    message: "fatal client error: \(String(errstr: errstr))"))
    } else if rd_kafka_resp_err_t(code) == RD_KAFKA_RESP_ERR__AUTHENTICATION {
        // librdkafka keeps retrying refused credentials for ever; nothing in the process
        // can change them, so the client is treated as unusable (its owner exits and the
        // service manager restarts it, logging why).
        sink.recordFatal(KafkaError(kind: .fatal, code: code, message: "authentication failed: \(text)"))
    } else {
        sink.recordBrokerError(text)
    }
}

/// What `error_cb` reports into (producer and consumer contexts).
protocol ClientErrorSink: AnyObject {
    func recordBrokerError(_ text: String)
    func recordFatal(_ error: KafkaError)
}

extension ProducerContext: ClientErrorSink {}
