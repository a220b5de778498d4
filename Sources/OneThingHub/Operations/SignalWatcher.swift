#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OneThingSupport

/// A termination request from the operator or the service manager.
public enum HubSignal: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// SIGTERM: systemd, Kubernetes, `kill`.
    case terminate
    /// SIGINT: Ctrl-C at a terminal.
    case interrupt

    public var number: Int32 {
        switch self {
        case .terminate: SIGTERM
        case .interrupt: SIGINT
        }
    }

    public var description: String {
        switch self {
        case .terminate: "SIGTERM"
        case .interrupt: "SIGINT"
        }
    }
}

/// Delivers SIGTERM and SIGINT as an `AsyncStream`, so the daemon stops gracefully
/// (stop taking input, finish and commit what is in hand, close the consumer) instead of
/// being killed mid-write:
///
///     let watcher = SignalWatcher()
///     for await signal in watcher.signals { logger.notice("stopping", [.string("signal", "\(signal)")]); break }
///
/// Every signal is delivered, so a daemon may treat a second one as "stop now".
/// `cancel()` (or deinit) finishes the stream and, once no watcher wants a signal any more,
/// restores its default action.
///
/// Why not Dispatch signal sources with SIG_IGN: on Linux, libdispatch reads signals through
/// a signalfd, which only sees a signal while it is blocked in the thread the kernel picks;
/// with other threads (test runners, Kafka's) not blocking it, an ignored SIGTERM is simply
/// discarded, and the stop never arrives (seen here: a test waited 20 minutes). A real handler
/// that writes the signal number to a pipe (the classic self-pipe, async-signal-safe) and a
/// thread reading that pipe work whichever thread the kernel picks.
public final class SignalWatcher: Sendable {
    /// One consumer at a time, as for any `AsyncStream`.
    public let signals: AsyncStream<HubSignal>
    private let subscription: Int

    public init(_ watched: [HubSignal] = HubSignal.allCases) {
        let (stream, continuation) = AsyncStream.makeStream(of: HubSignal.self, bufferingPolicy: .bufferingNewest(16))
        signals = stream
        subscription = OpsSignalDispatcher.shared.subscribe(Set(watched), continuation)
    }

    /// Stops watching: finishes the stream; idempotent.
    public func cancel() {
        OpsSignalDispatcher.shared.unsubscribe(subscription)
    }

    deinit {
        cancel()
    }
}

/// Write end of the self-pipe, read by the C signal handler; set once, before any handler
/// is installed, and never changed.
nonisolated(unsafe) private var opsSignalPipeWriteEnd: Int32 = -1

/// The signal handler: one byte, the signal number, into the pipe. `write` is
/// async-signal-safe; the pipe is non-blocking, so a flood of signals drops bytes rather
/// than blocking inside a handler. `errno` is preserved for the interrupted code.
private let opsSignalHandler: @convention(c) (Int32) -> Void = { number in
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(opsSignalPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// The process-wide half: one pipe, one reader thread, and the watchers subscribed to it.
final class OpsSignalDispatcher: Sendable {
    static let shared = OpsSignalDispatcher()

    private struct Subscriber {
        let signals: Set<HubSignal>
        let continuation: AsyncStream<HubSignal>.Continuation
    }

    private struct State {
        var nextID = 0
        var subscribers: [Int: Subscriber] = [:]
    }

    private let state = Locked(State())
    private let readEnd: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { OpsSocket.setCloseOnExec(end) }
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        }
        readEnd = ends[0]
        opsSignalPipeWriteEnd = ends[1]
        guard readEnd >= 0 else { return }
        let thread = Thread { [self] in readLoop() }
        thread.name = "hubd-signals"
        thread.start()
    }

    func subscribe(_ signals: Set<HubSignal>, _ continuation: AsyncStream<HubSignal>.Continuation) -> Int {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(signals: signals, continuation: continuation)
            // Without the pipe a handler could only swallow the signal: then the default
            // action (terminate) is the better outcome, so nothing is installed.
            if readEnd >= 0 {
                for watched in signals { _ = signal(watched.number, opsSignalHandler) }
            }
            return id
        }
    }

    func unsubscribe(_ id: Int) {
        let removed = state.withLock { state -> Subscriber? in
            guard let removed = state.subscribers.removeValue(forKey: id) else { return nil }
            let stillWatched = state.subscribers.values.reduce(into: Set<HubSignal>()) { $0.formUnion($1.signals) }
            for released in removed.signals.subtracting(stillWatched) { _ = signal(released.number, SIG_DFL) }
            return removed
        }
        removed?.continuation.finish()
    }

    private func readLoop() {
        var byte: UInt8 = 0
        while true {
            let count = read(readEnd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return }
            guard let delivered = HubSignal.allCases.first(where: { $0.number == Int32(byte) }) else { continue }
            let listeners = state.withLock { state in
                state.subscribers.values.filter { $0.signals.contains(delivered) }.map(\.continuation)
            }
            for listener in listeners { listener.yield(delivered) }
        }
    }
}
