/// Severity of a log event, in increasing order; the same seven levels as syslog's upper half
/// and swift-log, so operators can map them onto whatever collects `hubd`'s stderr.
public enum LogLevel: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case trace, debug, info, notice, warning, error, critical

    /// Accepts the level names case-insensitively, plus the common aliases `warn` and `err`.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "trace": self = .trace
        case "debug": self = .debug
        case "info": self = .info
        case "notice": self = .notice
        case "warning", "warn": self = .warning
        case "error", "err": self = .error
        case "critical", "crit": self = .critical
        default: return nil
        }
    }

    /// Lower-case name, as written in JSON lines and accepted on the command line.
    public var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    public var description: String { name }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How log lines are written: `text` for people at a terminal, `json` for log collectors.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    case text, json
}
