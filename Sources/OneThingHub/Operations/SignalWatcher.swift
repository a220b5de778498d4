#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

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
/// The signals' default action (terminate the process) is replaced by SIG_IGN for as long
/// as the watcher lives, and Dispatch signal sources report them; every signal is delivered,
/// so a daemon may treat a second one as "stop now". `cancel()` (or deinit) restores the
/// default action and finishes the stream.
public final class SignalWatcher: Sendable {
    /// One consumer at a time, as for any `AsyncStream`.
    public let signals: AsyncStream<HubSignal>
    private let continuation: AsyncStream<HubSignal>.Continuation
    private let sources: OpsLocked<[OpsSignalSource]>
    private let watched: [HubSignal]

    public init(_ watched: [HubSignal] = HubSignal.allCases) {
        let (stream, continuation) = AsyncStream.makeStream(of: HubSignal.self, bufferingPolicy: .bufferingNewest(16))
        signals = stream
        self.continuation = continuation
        self.watched = watched
        let queue = DispatchQueue(label: "hubd-signals")
        var made: [OpsSignalSource] = []
        for watchedSignal in watched {
            _ = signal(watchedSignal.number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: watchedSignal.number, queue: queue)
            source.setEventHandler {
                continuation.yield(watchedSignal)
            }
            source.resume()
            made.append(OpsSignalSource(source: source))
        }
        sources = OpsLocked(made)
    }

    /// Stops watching: cancels the sources, restores the default actions, finishes the stream.
    public func cancel() {
        let cancelled = sources.withLock { sources -> [OpsSignalSource] in
            defer { sources = [] }
            return sources
        }
        guard !cancelled.isEmpty else { return }
        for source in cancelled { source.source.cancel() }
        for watchedSignal in watched { _ = signal(watchedSignal.number, SIG_DFL) }
        continuation.finish()
    }

    deinit {
        cancel()
    }
}

/// A Dispatch signal source; only touched under the watcher's lock or on its queue.
struct OpsSignalSource: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
