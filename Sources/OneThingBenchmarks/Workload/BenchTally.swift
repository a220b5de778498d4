/// Messages and bytes of one stream (e.g. intake, replies).
struct BenchTally: Sendable {
    var messages = 0
    var bytes = 0
    mutating func add(bytes: Int) { messages += 1; self.bytes += bytes }
    static func + (a: BenchTally, b: BenchTally) -> BenchTally {
        BenchTally(messages: a.messages + b.messages, bytes: a.bytes + b.bytes)
    }
    static func - (a: BenchTally, b: BenchTally) -> BenchTally {
        BenchTally(messages: a.messages - b.messages, bytes: a.bytes - b.bytes)
    }
    var meanBytes: Int { messages == 0 ? 0 : Int((Double(bytes) / Double(messages)).rounded()) }
}
