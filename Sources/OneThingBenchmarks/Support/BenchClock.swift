import Dispatch

/// A monotonic instant in nanoseconds, cheap enough to stamp every message with.
typealias BenchInstant = UInt64

enum BenchClock {
    static func now() -> BenchInstant { DispatchTime.now().uptimeNanoseconds }
    static func seconds(from start: BenchInstant, to end: BenchInstant) -> Double {
        end >= start ? Double(end - start) / 1e9 : -Double(start - end) / 1e9
    }
}
