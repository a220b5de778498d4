import CRdKafka
import Foundation

/// The single owner of one `rd_kafka_t`.
///
/// It is destroyed exactly once: by `destroy(flags:)` (called by the client's own thread
/// when it closes) or, failing that, by `deinit`. The callbacks' context object (the conf
/// opaque) is retained here and released only after `rd_kafka_destroy` returns, so no
/// callback can ever see a freed context.
///
/// Threads other than the owning thread use the pointer only inside `withPointer`, which
/// holds the lock, so they cannot race the destroy; the owning thread (the only one that
/// destroys) may use `pointerForOwner` for long blocking calls without the lock.
final class KafkaHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var pointer: OpaquePointer?
    private var context: AnyObject?

    init(_ pointer: OpaquePointer, context: AnyObject?) {
        self.pointer = pointer
        self.context = context
    }

    /// Runs a short, non-blocking librdkafka call; throws `.closed` once destroyed.
    func withPointer<T>(_ what: String, _ body: (OpaquePointer) throws(KafkaError) -> T) throws(KafkaError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let pointer else { throw KafkaError.closed(what) }
        return try body(pointer)
    }

    /// For the owning thread only (the one that will call `destroy`).
    var pointerForOwner: OpaquePointer? {
        lock.lock()
        defer { lock.unlock() }
        return pointer
    }

    /// Destroys the handle if it still exists; later calls do nothing.
    func destroy(flags: Int32 = 0) {
        lock.lock()
        let victim = pointer
        pointer = nil
        lock.unlock()
        guard let victim else { return }
        rd_kafka_destroy_flags(victim, flags)
        lock.lock()
        context = nil   // only now may the callbacks' context go
        lock.unlock()
    }

    deinit {
        if let pointer { rd_kafka_destroy(pointer) }
    }
}
