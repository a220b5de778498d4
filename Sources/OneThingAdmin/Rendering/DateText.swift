import Foundation

/// Dates as hubctl prints them: local time (the `TZ` of the operator's shell) for
/// people, ISO 8601 with the local offset for scripts (`2026-11-22T10:00:00+08:00`,
/// the same shape as the status events; `Z` under UTC).
///
/// The formatters are made once per run: building one costs milliseconds, and an
/// overdue list or a long history prints tens of thousands of dates. Not `Sendable`
/// (formatters are not): each run of a command owns its own.
public final class DateText {
    public let timeZone: TimeZone
    private let humanFormatter: DateFormatter
    private let isoFormatter: ISO8601DateFormatter
    private let isoFractionFormatter: ISO8601DateFormatter

    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
        humanFormatter = DateFormatter()
        humanFormatter.locale = Locale(identifier: "en_US_POSIX")
        humanFormatter.calendar = Calendar(identifier: .gregorian)
        humanFormatter.timeZone = timeZone
        humanFormatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        isoFormatter = ISO8601DateFormatter()
        isoFormatter.timeZone = timeZone
        isoFormatter.formatOptions = [.withInternetDateTime]
        isoFractionFormatter = ISO8601DateFormatter()
        isoFractionFormatter.timeZone = timeZone
        isoFractionFormatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    }

    /// `2026-11-22 10:00:00`, local time; `-` for nil.
    public func human(_ date: Date?) -> String {
        guard let date else { return "-" }
        return humanFormatter.string(from: date)
    }

    /// ISO 8601 with the local offset, and milliseconds when the instant has them.
    public func iso(_ date: Date) -> String {
        let hasFraction = date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) != 0
        return (hasFraction ? isoFractionFormatter : isoFormatter).string(from: date)
    }
}
