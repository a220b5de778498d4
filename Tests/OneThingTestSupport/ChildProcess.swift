import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for tests that run `hubd`, `hubctl`, the
/// Tansu broker or a system tool.
///
/// Foundation's `Process.run()` on Linux (swift-corelibs-foundation as shipped with
/// Swift 6.3) lists /proc/self/fd with a `dirent` copy that can read past the end of
/// glibc's buffer, and then crashes the *calling* process: the whole test target
/// (swiftlang/swift-corelibs-foundation#5472, about one run in five of a suite that
/// starts children). This starts the child without listing anything: the three standard
/// streams are set up by file actions and every other descriptor is closed in the child
/// (`posix_spawn_file_actions_addclosefrom_np`), so a long-lived child never holds the
/// write end of another test's pipe open.
///
/// The child starts with no blocked signals and every signal at its default action, as
/// with `Process`: the spawning thread may be a runtime thread with signals blocked, and a
/// `hubd` inheriting a blocked SIGTERM could never be stopped.
///
/// The surface mirrors the part of `Process` the tests use; `waitUntilExit()` blocks, so
/// async tests wait with `exited(within:)` instead.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream {
        /// The test process's own stream.
        case inherit
        case nullDevice
        /// The child gets the pipe's reading end for standard input, the writing end for
        /// output; the parent closes the child's end once the child is started.
        case pipe(Pipe)
        case file(FileHandle)
    }

    public var executableURL: URL?
    public var arguments: [String] = []
    /// nil: the test process's environment.
    public var environment: [String: String]?
    public var standardInput: Stream = .inherit
    public var standardOutput: Stream = .inherit
    public var standardError: Stream = .inherit

    private let lock = NSLock()
    private var pid: pid_t = 0
    private var waitStatus: Int32?

    public init() {}

    public var processIdentifier: Int32 { lock.withLock { pid } }

    /// Starts the child; throws with `strerror`'s text when it cannot.
    public func run() throws {
        guard let executableURL else { throw TestFailure("ChildProcess: no executable") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        Self.setUp(standardInput, as: STDIN_FILENO, childReads: true, in: &actions)
        Self.setUp(standardOutput, as: STDOUT_FILENO, childReads: false, in: &actions)
        Self.setUp(standardError, as: STDERR_FILENO, childReads: false, in: &actions)
        _ = Self.addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let path = executableURL.path
        let argv = [path] + arguments
        let environment = (self.environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        let result = Self.withCStrings(argv) { argv in
            Self.withCStrings(environment) { environment in
                posix_spawn(&child, path, &actions, &attributes, argv, environment)
            }
        }
        guard result == 0 else {
            throw TestFailure("cannot start \(path): \(String(cString: strerror(result)))")
        }
        lock.withLock { pid = child }
        Self.closeChildEnd(of: standardInput, childReads: true)
        Self.closeChildEnd(of: standardOutput, childReads: false)
        Self.closeChildEnd(of: standardError, childReads: false)
    }

    /// Whether the child still runs (reaps it, without waiting, when it has ended).
    public var isRunning: Bool {
        lock.withLock {
            guard pid > 0, waitStatus == nil else { return false }
            var status: Int32 = 0
            switch waitpid(pid, &status, WNOHANG) {
            case 0: return true
            case pid: waitStatus = status; return false
            default: waitStatus = -1; return false   // not our child any more (ECHILD)
            }
        }
    }

    /// Blocks the calling thread until the child ends. From async code use `exited(within:)`.
    public func waitUntilExit() {
        let child = lock.withLock { waitStatus == nil ? pid : 0 }
        guard child > 0 else { return }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(child, &status, 0) } while result == -1 && errno == EINTR
        lock.withLock { waitStatus = result == child ? status : -1 }
    }

    /// Suspends (polling, never blocking a thread) until the child ends or `limit` passes;
    /// true when it ended.
    public func exited(within limit: Duration) async -> Bool {
        let end = ContinuousClock.now + limit
        while isRunning {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    public func terminate() { signal(SIGTERM) }
    public func interrupt() { signal(SIGINT) }

    /// Sends `signal` to the child while it runs.
    public func signal(_ signal: Int32) {
        let child = lock.withLock { waitStatus == nil ? pid : 0 }
        if child > 0 { kill(child, signal) }
    }

    /// The exit status, or the signal's number when a signal ended the child (as `Process`).
    public var terminationStatus: Int32 {
        guard let status = lock.withLock({ waitStatus }), status >= 0 else { return -1 }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }

    public var terminationReason: Process.TerminationReason {
        guard let status = lock.withLock({ waitStatus }), status >= 0 else { return .exit }
        return status & 0x7f == 0 ? .exit : .uncaughtSignal
    }

    private static func setUp(_ stream: Stream, as target: Int32, childReads: Bool,
                              in actions: inout posix_spawn_file_actions_t) {
        switch stream {
        case .inherit:
            break
        case .nullDevice:
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", childReads ? O_RDONLY : O_WRONLY, 0)
        case .pipe(let pipe):
            let end = childReads ? pipe.fileHandleForReading : pipe.fileHandleForWriting
            posix_spawn_file_actions_adddup2(&actions, end.fileDescriptor, target)
        case .file(let handle):
            posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at
    /// run time because Swift's Glibc module does not declare it (it is a GNU extension).
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// The parent's copy of the child's end must go, or the reader never sees end of file.
    private static func closeChildEnd(of stream: Stream, childReads: Bool) {
        guard case .pipe(let pipe) = stream else { return }
        try? (childReads ? pipe.fileHandleForReading : pipe.fileHandleForWriting).close()
    }

    /// A NULL-terminated `char *[]` of copies of `strings`, freed after `body`.
    private static func withCStrings<R>(_ strings: [String],
                                        _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for copy in copies { free(copy) } }
        return body(copies)
    }
}
