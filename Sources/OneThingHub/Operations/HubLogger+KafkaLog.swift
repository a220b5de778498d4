import OneThingKafka

extension HubLogger {
    /// A `KafkaConfiguration.logHandler` that writes librdkafka's lines into this logger as
    /// `kafka-log` events (fields `syslogLevel`, the 0-7 number, `facility`, `client`,
    /// `message`), so operators read one structured stream instead of raw `%4|...` lines
    /// on stderr. Safe on librdkafka's threads: the logger serialises its writes.
    public func kafkaLogHandler() -> @Sendable (KafkaLogRecord) -> Void {
        { [self] record in
            log(Self.level(ofKafkaSyslogLevel: record.level), "kafka-log", [
                .int("syslogLevel", Int(record.level)), .string("facility", record.facility),
                .string("client", record.client), .string("message", record.message),
            ])
        }
    }

    /// Syslog 0-3 (emergency..error) error, 4 warning, 5-6 (notice, info) info, 7 debug.
    static func level(ofKafkaSyslogLevel level: Int32) -> LogLevel {
        switch level {
        case ...3: .error
        case 4: .warning
        case 5, 6: .info
        default: .debug
        }
    }
}
