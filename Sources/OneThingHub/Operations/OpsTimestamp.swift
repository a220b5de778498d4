import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 3339 timestamps in UTC with milliseconds (`2026-11-23T10:00:00.123Z`), built by hand
/// from `gmtime_r`: a shared `DateFormatter` is neither cheap nor safe across threads, and
/// every log line needs one.
enum OpsTimestamp {
    static func rfc3339Milliseconds(_ date: Date) -> String {
        // Whole microseconds first: a Date made from 10:00:00.123 is stored as .12299999...,
        // and truncating that straight to milliseconds would print .122.
        let scaled = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let microseconds = scaled.isFinite ? Int64(min(max(scaled, -9.0e18), 9.0e18)) : 0
        let (quotient, remainder) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let wholeSeconds = remainder < 0 ? quotient - 1 : quotient
        let milliseconds = Int((remainder < 0 ? remainder + 1_000_000 : remainder) / 1000)
        var seconds = time_t(wholeSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(milliseconds, 3) + "Z"
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
