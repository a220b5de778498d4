/// Why the benchmark could not run (as opposed to a missed target, which is a result).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
