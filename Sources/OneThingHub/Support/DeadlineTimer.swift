import Foundation
import OneThingSupport

/// Runs a closure after a delay, on a queue of its own.
///
/// Why not `DispatchQueue.global().asyncAfter`: on Linux the global queues are capped at
/// one thread per core and are shared with Swift concurrency's pool; when blocking work
/// occupies them, a deadline (the stop budget, a delivery wait's cutoff) fires late, by
/// seconds under load. A private serial queue is "overcommit" and always gets a thread.
/// The closures are short (they resume a continuation or flip a flag).
enum DeadlineTimer {
    private static let queue = DispatchQueue(label: "onething.deadline-timer", qos: .userInitiated)

    /// Calls `action` once `delay` has passed (at once for a negative delay).
    static func after(_ delay: Duration, _ action: @escaping @Sendable () -> Void) {
        queue.asyncAfter(deadline: .now() + max(0, delay.inSeconds), execute: action)
    }
}
