#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import OneThingHub

@Suite(.serialized) struct OpsSignalWatcherTests {
    /// Raising SIGTERM and SIGINT in the test process itself: with the watcher in place they
    /// must arrive on the stream instead of killing the process.
    @Test(.timeLimit(.minutes(1))) func terminateAndInterruptArriveOnTheStream() async throws {
        let watcher = SignalWatcher()
        defer { watcher.cancel() }
        let received = Task {
            var signals: [HubSignal] = []
            for await signal in watcher.signals {
                signals.append(signal)
                if signals.count == 2 { break }
            }
            return signals
        }
        kill(getpid(), SIGTERM)
        try await Task.sleep(for: .milliseconds(50))
        kill(getpid(), SIGINT)
        let signals = await received.value
        #expect(signals == [.terminate, .interrupt])
    }

    @Test(.timeLimit(.minutes(1))) func cancelFinishesTheStream() async {
        let watcher = SignalWatcher([.interrupt])
        let ended = Task {
            var count = 0
            for await _ in watcher.signals { count += 1 }
            return count
        }
        watcher.cancel()
        watcher.cancel()
        #expect(await ended.value == 0)
        #expect(HubSignal.terminate.number == SIGTERM && HubSignal.interrupt.description == "SIGINT")
    }
}
