#if canImport(Glibc)
import Glibc
#endif

/// CPU time of the whole process (every thread: hub, departments, librdkafka, the mock
/// cluster), `CLOCK_PROCESS_CPUTIME_ID`, in seconds. Per application it is a figure that
/// a machine busy with other work moves far less than wall-clock rates. (A thread's own
/// CPU time is the hub's `ThreadCPUClock`.)
enum BenchProcessCPU {
    static func seconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
