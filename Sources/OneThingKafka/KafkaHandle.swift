import CRdKafka
import OneThingSupport

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
    private struct State {
        var pointer: OpaquePointer?
        var context: AnyObject?
    }

    private let state: Locked<State>

    init(_ pointer: OpaquePointer, context: AnyObject?) {
        state = Locked(State(pointer: pointer, context: context))
    }

    /// Runs a short, non-blocking librdkafka call; throws `.closed` once destroyed.
    func withPointer<T>(_ what: String, _ body: (OpaquePointer) throws(KafkaError) -> T) throws(KafkaError) -> T {
        try state.withLock { (state: inout State) throws(KafkaError) -> T in
            guard let pointer = state.pointer else { throw KafkaError.closed(what) }
            return try body(pointer)
        }
    }

    /// For the owning thread only (the one that will call `destroy`).
    var pointerForOwner: OpaquePointer? {
        state.withLock { $0.pointer }
    }

    /// Destroys the handle if it still exists; later calls do nothing.
    func destroy(flags: Int32 = 0) {
        let victim = state.withLock { state in
            defer { state.pointer = nil }
            return state.pointer
        }
        guard let victim else { return }
        rd_kafka_destroy_flags(victim, flags)
        state.withLock { $0.context = nil }   // only now may the callbacks' context go
    }

    /// Forgets the handle without destroying it: for a handle that a thread is stuck
    /// inside (see `ClosingRebalance`), where destroying it would free what that thread
    /// still uses. Its threads and memory stay until the process ends; so does the
    /// callbacks' context.
    func abandon() {
        state.withLock { state in
            // Kept for good: librdkafka's threads of the handle may still call back into it.
            if let context = state.context { _ = Unmanaged.passRetained(context) }
            state.pointer = nil
        }
    }

    deinit {
        if let pointer = state.withLock({ $0.pointer }) { rd_kafka_destroy(pointer) }
    }
}
