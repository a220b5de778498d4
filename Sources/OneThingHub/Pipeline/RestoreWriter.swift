import Foundation
import OneThingSupport

/// The writing half of a restore (see `StateRestorer`), on a thread of its own: the
/// reader's thread fetches and parses the next run of records while this one writes the
/// previous run into the store, so a restore takes about as long as the slower of the
/// two halves instead of their sum. Work runs in the order submitted; at most `depth`
/// runs wait, so a reader faster than the store waits too (memory stays bounded).
final class RestoreWriter: Sendable {
    private let queue = DispatchQueue(label: "onething.hub.restore-writer", qos: .userInitiated)
    private let room: DispatchSemaphore
    private let failure = Locked<(any Error)?>(nil)

    /// Runs waiting at most, by default: enough to keep the writer busy while the reader
    /// parses the next.
    static let defaultDepth = 2

    init(depth: Int = RestoreWriter.defaultDepth) {
        room = DispatchSemaphore(value: depth)
    }

    /// Queues `work` after what was submitted before; waits while `depth` runs wait.
    /// Throws the first failure of earlier work (nothing more runs after a failure).
    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        if let error = failure.withLock({ $0 }) { throw error }
        room.wait()
        queue.async { [room, failure] in
            defer { room.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                try work()
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }

    /// Waits until everything submitted has run; throws the first failure.
    func drain() throws {
        queue.sync {}
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
