#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OneThingSupport

/// `hubd`'s structured logger: one line per event, text or JSON, personal data masked.
///
///     logger.info("matter-sent", [.string("application", id), .string("matter", matter)])
///
/// Event names are short kebab-case identifiers (`matter-sent`), fields carry the details.
/// The event and the fields are autoclosures: a disabled level costs one comparison.
/// Lines are formatted outside the lock and written inside it, so concurrent events never
/// interleave. Derived loggers (`with(_:)`) share the sink and lock and add fields.
public final class HubLogger: Sendable {
    /// Receives each complete line without its trailing newline.
    public typealias Sink = @Sendable (String) -> Void

    public let format: LogFormat
    public let minimumLevel: LogLevel
    private let baseFields: [LogField]
    private let output: Locked<Void>
    private let sink: Sink
    private let clock: @Sendable () -> Date

    /// - Parameters:
    ///   - sink: where lines go; standard error by default.
    ///   - clock: the time stamped on each line; injectable for tests.
    public init(format: LogFormat = .text, minimumLevel: LogLevel = .info,
                sink: @escaping Sink = HubLogger.standardError,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.format = format
        self.minimumLevel = minimumLevel
        self.baseFields = []
        self.output = Locked(())
        self.sink = sink
        self.clock = clock
    }

    private init(parent: HubLogger, fields: [LogField]) {
        format = parent.format
        minimumLevel = parent.minimumLevel
        baseFields = parent.baseFields + fields
        output = parent.output
        sink = parent.sink
        clock = parent.clock
    }

    /// A logger writing to the same place that adds `fields` to every line
    /// (e.g. `.string("component", "outbox")`).
    public func with(_ fields: [LogField]) -> HubLogger {
        HubLogger(parent: self, fields: fields)
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    public func log(_ level: LogLevel, _ event: @autoclosure () -> String,
                    _ fields: @autoclosure () -> [LogField] = []) {
        guard isEnabled(level) else { return }
        let timestamp = OpsTimestamp.rfc3339Milliseconds(clock())
        let all = baseFields + fields()
        let line = switch format {
        case .json: OpsLogLineFormatter.json(timestamp: timestamp, level: level, event: event(), fields: all)
        case .text: OpsLogLineFormatter.text(timestamp: timestamp, level: level, event: event(), fields: all)
        }
        output.withLock { _ in sink(line) }
    }

    public func trace(_ event: @autoclosure () -> String, _ fields: @autoclosure () -> [LogField] = []) {
        log(.trace, event(), fields())
    }
    public func debug(_ event: @autoclosure () -> String, _ fields: @autoclosure () -> [LogField] = []) {
        log(.debug, event(), fields())
    }
    public func info(_ event: @autoclosure () -> String, _ fields: @autoclosure () -> [LogField] = []) {
        log(.info, event(), fields())
    }
    public func notice(_ event: @autoclosure () -> String, _ fields: @autoclosure () -> [LogField] = []) {
        log(.notice, event(), fields())
    }
    public func warning(_ event: @autoclosure () -> String, _ fields: @autoclosure () -> [LogField] = []) {
        log(.warning, event(), fields())
    }
    public func error(_ event: @autoclosure () -> String, _ fields: @autoclosure () -> [LogField] = []) {
        log(.error, event(), fields())
    }
    public func critical(_ event: @autoclosure () -> String, _ fields: @autoclosure () -> [LogField] = []) {
        log(.critical, event(), fields())
    }

    /// Writes the line and a newline to file descriptor 2 with `write(2)`, retrying partial
    /// writes and interruptions; a closed stderr loses the line rather than the process.
    public static let standardError: Sink = { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

/// Collects a logger's lines in memory: the sink for tests (of this module and others).
public final class HubLogRecorder: Sendable {
    private let recorded = Locked<[String]>([])

    public init() {}

    public var lines: [String] { recorded.withLock { $0 } }

    public var sink: HubLogger.Sink {
        { [recorded] line in recorded.withLock { $0.append(line) } }
    }
}
