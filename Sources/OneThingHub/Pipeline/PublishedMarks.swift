import Foundation
import OneThingSupport

/// Outbox rows the broker acknowledged that the store still lists: they are deleted by
/// the pipeline's next transaction instead of one of their own.
///
/// Why: a transaction per batch only to delete its rows cost a commit, and it queued on
/// the store worker behind the next batch's transaction, so the loop waited for that
/// transaction before it could poll again and the worker then sat idle. Deleting late
/// is harmless: a row acknowledged but not yet deleted when the process dies is
/// published once more at the next start, with its original `ce_id` (at-least-once).
/// Anything that reads the outbox as "what is not yet published" flushes first.
final class PublishedMarks: Sendable {
    private let pending = Locked<[Int64]>([])

    /// Notes rows whose delivery the broker confirmed.
    func add(_ ids: [Int64]) {
        guard !ids.isEmpty else { return }
        pending.withLock { $0.append(contentsOf: ids) }
    }

    /// The noted rows, forgetting them: the caller deletes them in its transaction.
    func take() -> [Int64] {
        pending.withLock { ids in
            defer { ids = [] }
            return ids
        }
    }

    var isEmpty: Bool { pending.withLock { $0.isEmpty } }
}
