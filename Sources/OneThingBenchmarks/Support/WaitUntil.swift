/// Polls `condition` every 5 ms until it holds, or throws after `seconds` (or as soon as
/// `failure` names a reason to give up).
func waitUntil(_ what: String, seconds: Double, failure: () -> String? = { nil },
               _ condition: () -> Bool) async throws {
    let start = BenchClock.now()
    while !condition() {
        if let reason = failure() { throw BenchFailure("waiting for \(what): \(reason)") }
        if BenchClock.seconds(from: start, to: BenchClock.now()) > seconds {
            throw BenchFailure("gave up waiting \(Int(seconds)) s for \(what)")
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
