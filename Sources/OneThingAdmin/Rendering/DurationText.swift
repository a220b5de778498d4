/// Durations for people: the two largest units that matter, so `2d 03h`, `5h 07m`,
/// `45m`, `12s`, and for the seconds-long flows of a scaled demo or test `850ms`.
public enum DurationText {
    public static func format(seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        if seconds < 0 { return "-" + format(seconds: -seconds) }
        if seconds < 1 {
            let milliseconds = Int((seconds * 1000).rounded())
            return milliseconds >= 1000 ? "1s" : "\(milliseconds)ms"
        }
        if seconds < 60 {
            return seconds < 10 && seconds != seconds.rounded(.down)
                ? "\(trimmed(seconds))s" : "\(Int(seconds))s"
        }
        let total = Int(seconds)
        let days = total / 86_400
        let hours = (total % 86_400) / 3_600
        let minutes = (total % 3_600) / 60
        if days > 0 { return "\(days)d \(twoDigits(hours))h" }
        if hours > 0 { return "\(hours)h \(twoDigits(minutes))m" }
        return "\(minutes)m"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// One decimal: `1.5`.
    private static func trimmed(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
