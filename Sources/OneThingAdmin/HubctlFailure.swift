import OneThingStore

/// Why a command could not answer, with the exit code each case maps to.
public enum HubctlFailure: Error, Sendable, CustomStringConvertible {
    /// The application (or matter) named does not exist. Exit 1.
    case notFound(String)
    /// What was asked is already done or cannot apply (a final matter, a pending
    /// duplicate order). Exit 1.
    case nothingToDo(String)
    /// The store is missing, locked too long, newer than this program, or broken. Exit 3.
    case store(String)
    /// `hubctl verify` found a broken link in the evidence chain. Exit 1: the command
    /// ran, and its answer is "no".
    case chainBroken(String)

    public var exitCode: Int32 {
        switch self {
        case .notFound, .nothingToDo, .chainBroken: return HubctlExitCode.notFound
        case .store: return HubctlExitCode.store
        }
    }

    /// Stable machine-readable name for `--json` error objects.
    public var code: String {
        switch self {
        case .notFound: return "not-found"
        case .nothingToDo: return "nothing-to-do"
        case .store: return "store-error"
        case .chainBroken: return "chain-broken"
        }
    }

    public var description: String {
        switch self {
        case .notFound(let message), .nothingToDo(let message), .store(let message), .chainBroken(let message): return message
        }
    }

    /// A store failure in words an operator can act on.
    static func from(_ error: StoreError, path: String) -> HubctlFailure {
        switch error {
        case .busy:
            return .store("store \(path) is locked by another process and stayed locked past the lock timeout (\(error)); try again, or raise --lock-timeout")
        case .newerSchema(let found, let supported):
            return .store("store \(path) has schema version \(found), newer than this hubctl supports (\(supported)); use the hubctl that matches the running hubd")
        case .notFound(let what):
            return .notFound("\(what) is not in the store")
        default:
            return .store("\(error)")
        }
    }
}
