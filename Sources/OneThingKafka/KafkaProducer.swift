import CRdKafka
import Foundation

/// An idempotent producer (see <doc:ThreadingModel> for its threads and ownership).
///
/// `send` completes on the broker's acknowledgement (the delivery report) or with a typed
/// error; a full local queue means waiting for room, never dropping or spinning; `close`
/// flushes, then destroys the handle.
public final class KafkaProducer: Sendable {
    private let core: ProducerCore

    public init(configuration: KafkaConfiguration) throws(KafkaError) {
        core = try ProducerCore(configuration: configuration)
    }

    deinit {
        core.shutdown(flushTimeout: .seconds(2), then: {})
    }

    /// Enqueues and completes when the broker acknowledges (delivery report) or fails.
    /// When the local queue is full it waits (back-pressure), never drops or spins.
    public func send(_ message: OutgoingMessage) async throws(KafkaError) -> DeliveryReport {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>) in
            core.produceOrPark(message, box: DeliveryBox { continuation.resume(returning: $0) })
        }
        return try result.get()
    }

    /// Callback flavour for high rates: enqueue now (waiting for room if the queue is full,
    /// on the calling non-async thread), `completion` runs on the layer's own thread.
    /// When this throws the record was not enqueued and `completion` never runs. Called
    /// from a completion (the poll thread) it cannot wait, so a full queue throws `.queueFull`.
    public func send(
        _ message: OutgoingMessage,
        completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void
    ) throws(KafkaError) {
        try core.produceWaiting(message, box: DeliveryBox(completion))
    }

    /// The fatal error librdkafka raised on this producer (an idempotence failure, a
    /// fenced producer, an authentication failure), if any: it is unusable from then on.
    public var fatalError: KafkaError? { core.fatalError }

    /// Raises a fabricated fatal error, as librdkafka's `rd_kafka_test_fatal_error` does,
    /// for tests of what an application does when its producer becomes unusable.
    public func raiseFatalErrorForTesting(_ reason: String) throws(KafkaError) {
        try core.raiseFatalErrorForTesting(reason)
    }

    /// Waits until every enqueued record is acknowledged or failed.
    public func flush(timeout: Duration) async throws(KafkaError) {
        try await core.flush(timeout: timeout)
    }

    /// Flushes (bounded by `timeout`), fails what is still queued with `.closed`, and
    /// destroys the handle. Idempotent; later sends throw `.closed`.
    public func close(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            core.shutdown(flushTimeout: timeout, then: { continuation.resume() })
        }
    }
}

/// The producer's state and the only code that calls librdkafka's producer functions.
final class ProducerCore: @unchecked Sendable {
    private let handle: KafkaHandle
    private let context: ProducerContext
    private let thread: KafkaClientThread
    private let close = CloseOnce<Void>()

    init(configuration: KafkaConfiguration) throws(KafkaError) {
        let context = ProducerContext(logHandler: configuration.logHandler)
        let handle = try NativeConfiguration.makeHandle(
            type: RD_KAFKA_PRODUCER, properties: configuration.producerProperties, context: context
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, producerDeliveryReportCallback)
            rd_kafka_conf_set_error_cb(conf, clientErrorCallback)
        }
        self.context = context
        self.handle = handle
        self.thread = KafkaClientThread(name: "kafka-producer-poll") {
            guard let rk = handle.pointerForOwner else { return }
            if rd_kafka_poll(rk, 100) > 0 { context.signalRoom() }
            context.drainParked { ProducerCore.attemptParked(rk, $0) }
        }
    }

    var fatalError: KafkaError? { context.fatalError }

    func raiseFatalErrorForTesting(_ reason: String) throws(KafkaError) {
        try handle.withPointer("producer") { (rk) throws(KafkaError) in
            let error = rd_kafka_test_fatal_error(rk, RD_KAFKA_RESP_ERR_PRODUCER_FENCED, reason)
            if error != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(error, detail: "cannot raise a test fatal error") }
        }
    }

    /// One `rd_kafka_producev`. The box is retained for librdkafka and taken back at once
    /// when the record is refused (the caller then decides how the refusal surfaces).
    static func attempt(_ rk: OpaquePointer, _ message: OutgoingMessage, box: DeliveryBox) -> rd_kafka_resp_err_t {
        let cookie = Unmanaged.passRetained(box).toOpaque()
        let headers = KafkaHeader.makeNativeList(message.headers)
        let partition = message.partition ?? -1   // RD_KAFKA_PARTITION_UA
        let error = withOptionalBytes(message.key) { key, keyLength in
            withOptionalBytes(message.value) { value, valueLength in
                onething_produce(rk, message.topic, partition, key, keyLength,
                                 value, valueLength, headers, cookie)
            }
        }
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            if let headers { rd_kafka_headers_destroy(headers) }
            Unmanaged<DeliveryBox>.fromOpaque(cookie).release()
        }
        return error
    }

    static func refusal(_ error: rd_kafka_resp_err_t, _ message: OutgoingMessage) -> KafkaError {
        KafkaError(error, detail: "cannot enqueue a record for topic \(message.topic)")
    }

    /// Poll-thread path for parked records: a refusal other than a full queue fails the box.
    static func attemptParked(_ rk: OpaquePointer, _ record: ParkedRecord) -> rd_kafka_resp_err_t {
        let error = attempt(rk, record.message, box: record.box)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR__QUEUE_FULL {
            record.box.complete(.failure(refusal(error, record.message)))
        }
        return error
    }

    /// Async path: never blocks; a full queue parks the record for the poll thread.
    func produceOrPark(_ message: OutgoingMessage, box: DeliveryBox) {
        do {
            try handle.withPointer("producer") { (rk) throws(KafkaError) in
                if let fatal = context.fatalError { throw fatal }
                if context.hasParked {
                    context.park(ParkedRecord(message: message, box: box))   // keep FIFO order
                    return
                }
                let error = Self.attempt(rk, message, box: box)
                if error == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    context.park(ParkedRecord(message: message, box: box))
                } else if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw Self.refusal(error, message)
                }
            }
        } catch {
            box.complete(.failure(error))
        }
    }

    /// Sync path: waits on the room condition while the queue is full.
    func produceWaiting(_ message: OutgoingMessage, box: DeliveryBox) throws(KafkaError) {
        while true {
            let generation = context.generation
            let error: rd_kafka_resp_err_t = try handle.withPointer("producer") { (rk) throws(KafkaError) in
                if let fatal = context.fatalError { throw fatal }
                return Self.attempt(rk, message, box: box)
            }
            if error == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            if error != RD_KAFKA_RESP_ERR__QUEUE_FULL { throw Self.refusal(error, message) }
            if thread.isCurrent {
                throw KafkaError(error, detail: "cannot wait for room on the producer's own poll thread")
            }
            context.waitForRoom(after: generation)
        }
    }

    func flush(timeout: Duration) async throws(KafkaError) {
        let handle = self.handle
        let context = self.context
        let result: Result<Void, KafkaError> = await thread.perform("producer") {
            guard let rk = handle.pointerForOwner else { return .failure(.closed("producer")) }
            return Self.flushOnOwner(rk, context: context, timeout: timeout)
        }
        try result.get()
    }

    /// Flushes librdkafka's queue and the parked records, bounded by `timeout`.
    private static func flushOnOwner(_ rk: OpaquePointer, context: ProducerContext,
                                     timeout: Duration) -> Result<Void, KafkaError> {
        let deadline = ContinuousClock.now + timeout
        while true {
            context.drainParked { attemptParked(rk, $0) }
            let remaining = deadline - ContinuousClock.now
            let slice = min(max(remaining, .zero), .milliseconds(100))
            let error = rd_kafka_flush(rk, slice.milliseconds)
            context.signalRoom()
            if error == RD_KAFKA_RESP_ERR_NO_ERROR && !context.hasParked { return .success(()) }
            if ContinuousClock.now >= deadline {
                let pending = rd_kafka_outq_len(rk)
                return .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                                           detail: "flush timed out with \(pending) records not yet acknowledged"))
            }
        }
    }

    /// Flush, purge, serve the purged reports, destroy; runs once on the poll thread.
    /// `then` runs when the handle is gone (at once if it already is).
    func shutdown(flushTimeout: Duration, then done: @escaping @Sendable () -> Void) {
        guard close.join({ _ in done() }) else { return }

        let handle = self.handle
        let context = self.context
        thread.stop { [self] in
            if let rk = handle.pointerForOwner {
                _ = Self.flushOnOwner(rk, context: context, timeout: flushTimeout)
                _ = rd_kafka_purge(rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
                let purgeDeadline = ContinuousClock.now + .seconds(2)
                while rd_kafka_outq_len(rk) > 0 && ContinuousClock.now < purgeDeadline {
                    _ = rd_kafka_poll(rk, 10)
                }
                _ = rd_kafka_poll(rk, 0)
                handle.destroy()
            }
            context.failParked(.closed("producer"))
            context.signalRoom()
            close.finish(())
        }
    }
}

/// Calls `body` with the bytes of `bytes` (nil pointer and 0 for nil).
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let bytes else { return body(nil, 0) }
    return bytes.withUnsafeBytes { body($0.baseAddress, $0.count) }
}
