import Foundation
import OneThingExchange

/// How the hub writes instants on the wire (status snapshots, `ce_time`).
///
/// Decision: RFC 3339 in China Standard Time (`+08:00`), whole seconds, exactly like the
/// contract's example (`2026-11-22T10:02:03+08:00`). The applicants, channels and
/// departments all live in UTC+8, so a local offset reads naturally, and whole seconds
/// keep every common RFC 3339 parser happy (some reject fractions). The formatter is our
/// own arithmetic rather than `DateFormatter`: it is pure, allocation-light and safe to
/// call from any thread at thousands of snapshots a second.
public enum HubTime {
    /// Seconds east of UTC of the offset written on the wire.
    public static let offsetSeconds = 8 * 3600

    /// `yyyy-MM-dd'T'HH:mm:ss+08:00`, seconds truncated toward the past.
    public static func rfc3339(_ date: Date) -> String {
        String(decoding: bytes(date), as: UTF8.self)
    }

    /// The text of `rfc3339` as bytes, for header values.
    static func bytes(_ date: Date) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fixedWidth)
        append(date, to: &bytes)
        return bytes
    }

    /// Appends the RFC 3339 text of `date` (as `rfc3339`) to a byte buffer.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let civil = fields(date)
        guard (0...9999).contains(civil.year) else {
            appendAnyYear(civil, to: &bytes)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fixedWidth) { text in
            guard let base = text.baseAddress else { return }
            writeFixed(civil, to: base)
            bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: fixedWidth))
        }
    }

    /// Bytes `write` writes: `yyyy-MM-ddTHH:mm:ss+08:00`.
    static let fixedWidth = 25

    /// Writes the RFC 3339 text of `date` to `fixedWidth` bytes at `out` and returns that
    /// count; nil (nothing written) for years outside 0...9999.
    static func write(_ date: Date, to out: UnsafeMutablePointer<UInt8>) -> Int? {
        let civil = fields(date)
        guard (0...9999).contains(civil.year) else { return nil }
        writeFixed(civil, to: out)
        return fixedWidth
    }

    /// Fixed positions, no appends: a snapshot writes a dozen instants, and appending
    /// digit by digit cost more than the rest of the snapshot's fields. Years 0...9999.
    private static func writeFixed(_ civil: CivilTime, to out: UnsafeMutablePointer<UInt8>) {
        func put(_ value: Int64, _ width: Int, at position: Int) {
            var rest = value
            for index in stride(from: position + width - 1, through: position, by: -1) {
                out[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
        }
        put(civil.year, 4, at: 0)
        out[4] = UInt8(ascii: "-")
        put(civil.month, 2, at: 5)
        out[7] = UInt8(ascii: "-")
        put(civil.day, 2, at: 8)
        out[10] = UInt8(ascii: "T")
        put(civil.secondOfDay / 3600, 2, at: 11)
        out[13] = UInt8(ascii: ":")
        put((civil.secondOfDay % 3600) / 60, 2, at: 14)
        out[16] = UInt8(ascii: ":")
        put(civil.secondOfDay % 60, 2, at: 17)
        for (index, byte) in suffix.enumerated() { out[19 + index] = byte }
    }

    private typealias CivilTime = (year: Int64, month: Int64, day: Int64, secondOfDay: Int64)

    /// Local civil date and second of the day at the wire's offset.
    private static func fields(_ date: Date) -> CivilTime {
        let local = Int64((date.timeIntervalSince1970).rounded(.down)) + Int64(offsetSeconds)
        let days = floorDiv(local, 86_400)
        let date = CivilDate(daysSinceEpoch: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day), local - days * 86_400)
    }

    /// The general form, for years outside 0...9999 (as many year digits as needed).
    private static func appendAnyYear(_ civil: CivilTime, to bytes: inout [UInt8]) {
        let (year, month, day, secondOfDay) = civil
        digits(year, 4, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits((secondOfDay % 3600) / 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, &bytes)
        bytes.append(contentsOf: suffix)
    }

    private static let suffix: [UInt8] = Array("+08:00".utf8)

    /// Zero-padded decimal digits of a non-negative value (years outside 0...9999 are
    /// written with as many digits as they need).
    private static func digits(_ value: Int64, _ width: Int, _ bytes: inout [UInt8]) {
        guard value >= 0 else {
            bytes.append(UInt8(ascii: "-"))
            digits(-value, width, &bytes)
            return
        }
        var count = 1
        var limit: Int64 = 10
        while value >= limit && count < 19 { count += 1; limit *= 10 }
        let total = max(count, width)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: total))
        var rest = value
        var index = start + total - 1
        while rest > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
