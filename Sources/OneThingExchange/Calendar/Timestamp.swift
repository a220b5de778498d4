import Foundation
import OneThingSupport

/// RFC 3339 timestamps as the contract writes them: China time, second precision
/// (`2026-11-23T18:00:00+08:00`), the form every CloudEvent `time` and form timestamp
/// takes, so a reader in China sees the local time without converting.
public enum Timestamp {
    public static func rfc3339(_ instant: Date, utcOffsetSeconds: Int = 8 * 3600) -> String {
        let total = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let sign = utcOffsetSeconds >= 0 ? "+" : "-"
        let offset = abs(utcOffsetSeconds)
        return CivilDate(daysSinceEpoch: days).iso + "T" + (secondOfDay / 3600).zeroPadded(to: 2) + ":" + (secondOfDay % 3600 / 60).zeroPadded(to: 2)
            + ":" + (secondOfDay % 60).zeroPadded(to: 2) + sign + (offset / 3600).zeroPadded(to: 2) + ":" + (offset % 3600 / 60).zeroPadded(to: 2)
    }
}
