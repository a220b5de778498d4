#if canImport(Glibc)
import Glibc
#endif

/// CPU time consumed by the calling thread (`CLOCK_THREAD_CPUTIME_ID`): unlike wall time,
/// it does not grow when other threads take the core, so the hub's own cost can be
/// measured on a busy machine. `package`: the pipeline and the benchmark's logic phase
/// read it; it is no part of the hub's API.
package enum ThreadCPUClock {
    package static func now() -> Duration {
        #if canImport(Glibc)
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return .zero }
        return .seconds(Int64(time.tv_sec)) + .nanoseconds(Int64(time.tv_nsec))
        #else
        return .zero
        #endif
    }
}
