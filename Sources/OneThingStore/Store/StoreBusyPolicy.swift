import Foundation

/// How a writer waits for a store that another process keeps locked.
///
/// Why: an operator's `sqlite3` shell with an open `BEGIN IMMEDIATE`, a backup tool or a
/// slow `hubctl` holds the write lock for as long as it likes. SQLite's own busy timeout
/// waits a fixed time and then fails; for the daemon, a busy store is a state to wait out
/// and report, never a reason to die. With a policy, `CorrelationStore.write` keeps
/// retrying a transaction that failed with `.busy` (rolled back, nothing of it kept),
/// pausing between attempts with exponential back-off, and asks `shouldGiveUp` before
/// each pause, so a stop still ends the wait promptly.
///
/// The transaction's body runs again at each attempt: it must not have effects outside
/// the writer (the hub's transactions only compute and write).
public struct StoreBusyPolicy: Sendable {
    /// The first pause after a busy attempt; doubled at each further one.
    public var firstPause: Duration
    /// The longest pause between attempts.
    public var longestPause: Duration
    /// Asked before each pause: true ends the wait with the `.busy` error.
    public var shouldGiveUp: @Sendable () -> Bool
    /// Told after each busy attempt (for a log line and a metric).
    public var onBusy: @Sendable (StoreBusyAttempt) -> Void
    /// Told when a write succeeded after at least one busy attempt: how long it waited.
    public var onWritable: @Sendable (Duration) -> Void

    public init(firstPause: Duration = .milliseconds(50), longestPause: Duration = .seconds(1),
                shouldGiveUp: @escaping @Sendable () -> Bool = { false },
                onBusy: @escaping @Sendable (StoreBusyAttempt) -> Void = { _ in },
                onWritable: @escaping @Sendable (Duration) -> Void = { _ in }) {
        self.firstPause = firstPause
        self.longestPause = longestPause
        self.shouldGiveUp = shouldGiveUp
        self.onBusy = onBusy
        self.onWritable = onWritable
    }

    /// Runs `attempt` until it does not fail with `.busy`, the policy gives up, or it
    /// succeeds. Sleeps the calling thread between attempts (store calls run on threads
    /// of their own, never on Swift concurrency's pool).
    func run<T>(_ attempt: () throws -> T) throws -> T {
        var failures = 0
        var pause = firstPause
        let started = ContinuousClock.now
        while true {
            do {
                let result = try attempt()
                if failures > 0 { onWritable(ContinuousClock.now - started) }
                return result
            } catch StoreError.busy(let message) {
                failures += 1
                onBusy(StoreBusyAttempt(failures: failures, waited: ContinuousClock.now - started, message: message))
                if shouldGiveUp() { throw StoreError.busy(message: message) }
                Thread.sleep(forTimeInterval: Double(pause.components.seconds)
                             + Double(pause.components.attoseconds) / 1e18)
                pause = min(pause * 2, longestPause)
            }
        }
    }
}

/// One write attempt that found the store locked by someone else.
public struct StoreBusyAttempt: Sendable {
    /// Busy attempts of this write so far (1 at the first).
    public let failures: Int
    /// Since the first attempt began.
    public let waited: Duration
    /// SQLite's explanation (`database is locked`).
    public let message: String
}
