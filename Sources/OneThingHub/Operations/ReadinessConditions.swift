import OneThingSupport

/// Named conditions that must all hold before the hub says it serves (`/readyz`,
/// systemd's `READY=1`), besides having joined its consumer group.
///
/// Why a set and not a flag: the parts of the hub that must finish something before it
/// may serve (restoring its state, for one) are not the pipeline; each registers its
/// condition as unmet with a reason (`require`) and marks it met when done (`satisfy`),
/// without the health code knowing what they are.
public final class ReadinessConditions: Sendable {
    private let unmet = Locked<[String: String]>([:])

    public init() {}

    /// Adds `name` as not met yet; `reason` says what it waits for (shown by `/readyz`).
    public func require(_ name: String, reason: String) {
        unmet.withLock { $0[name] = reason }
    }

    /// Marks `name` as met (unknown names are ignored).
    public func satisfy(_ name: String) {
        unmet.withLock { _ = $0.removeValue(forKey: name) }
    }

    /// What is not met yet, sorted by name: "name: reason".
    public var unmetReasons: [String] {
        unmet.withLock { $0.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" } }
    }
}
