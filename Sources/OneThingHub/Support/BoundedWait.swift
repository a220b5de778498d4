import Foundation

/// Waits for a task to finish, but no longer than a bound: a Task's `value` cannot be
/// awaited with a timeout, and cancelling the waiter would not stop the task anyway.
/// The task goes on running either way; only the waiting ends.
enum BoundedWait {
    /// True when `task` finished within `timeout`.
    static func finished(_ task: Task<Void, Never>, within timeout: Duration) async -> Bool {
        let outcome = Locked<CheckedContinuation<Bool, Never>?>(nil)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            outcome.withLock { $0 = continuation }
            let resume: @Sendable (Bool) -> Void = { finished in
                outcome.withLock { pending in
                    pending?.resume(returning: finished)
                    pending = nil
                }
            }
            Task {
                await task.value
                resume(true)
            }
            DeadlineTimer.after(timeout) { resume(false) }
        }
    }
}
