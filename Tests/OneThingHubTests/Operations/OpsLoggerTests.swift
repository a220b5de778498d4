import Foundation
import OneThingSupport
import Testing
@testable import OneThingHub

@Suite struct OpsLoggerTests {
    /// 2026-11-23T10:00:00.123Z
    private static let fixedDate = Date(timeIntervalSince1970: 1_795_428_000.123)

    private func logger(_ format: LogFormat, level: LogLevel = .info) -> (HubLogger, HubLogRecorder) {
        let recorder = HubLogRecorder()
        let logger = HubLogger(format: format, minimumLevel: level, sink: recorder.sink, clock: { Self.fixedDate })
        return (logger, recorder)
    }

    @Test func timestampsAreRFC3339UTCWithMilliseconds() {
        #expect(OpsTimestamp.rfc3339Milliseconds(Self.fixedDate) == "2026-11-23T10:00:00.123Z")
        #expect(OpsTimestamp.rfc3339Milliseconds(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(OpsTimestamp.rfc3339Milliseconds(Date(timeIntervalSince1970: 951_782_400.9999)) == "2000-02-29T00:00:00.999Z")
    }

    @Test func textLine() {
        let (logger, recorder) = logger(.text)
        logger.info("matter-sent", [.string("applicationId", "GX-20261122-000001"), .string("matter", "M05"),
                                    .int("revision", 2), .double("seconds", 0.25), .bool("resend", false)])
        #expect(recorder.lines == [
            "2026-11-23T10:00:00.123Z INFO matter-sent applicationId=GX-20261122-000001 matter=M05 revision=2 seconds=0.25 resend=false",
        ])
    }

    @Test func textQuotesAmbiguousValues() {
        let (logger, recorder) = logger(.text)
        logger.warning("store-busy", [.string("reason", "database is locked"), .string("empty", ""),
                                      .string("equation", "a=b"), .string("quote", "say \"hi\"\nbye")])
        #expect(recorder.lines == [
            #"2026-11-23T10:00:00.123Z WARNING store-busy reason="database is locked" empty="" equation="a=b" quote="say \"hi\"\nbye""#,
        ])
    }

    @Test func jsonLine() throws {
        let (logger, recorder) = logger(.json)
        logger.error("reply-refused", [.string("reason", "bad \"xml\"\n"), .int("offset", 42), .double("ratio", 0.5),
                                       .bool("stale", true), .double("nan", .nan), .string("event", "shadowed")])
        #expect(recorder.lines == [
            #"{"ts":"2026-11-23T10:00:00.123Z","level":"error","event":"reply-refused","reason":"bad \"xml\"\n","offset":42,"ratio":0.5,"stale":true,"nan":null,"field.event":"shadowed"}"#,
        ])
        let parsed = try JSONSerialization.jsonObject(with: Data(try #require(recorder.lines.first).utf8)) as? [String: Any]
        #expect(parsed?["offset"] as? Int == 42)
        #expect(parsed?["reason"] as? String == "bad \"xml\"\n")
    }

    @Test func jsonEscapesControlCharactersAndKeepsChinese() {
        let (logger, recorder) = logger(.json)
        logger.notice("x", [.string("text", "韦\u{01}\t")])
        #expect(recorder.lines == [#"{"ts":"2026-11-23T10:00:00.123Z","level":"notice","event":"x","text":"韦\u0001\t"}"#])
    }

    @Test func personalFieldsAreMaskedInBothFormats() {
        for format in LogFormat.allCases {
            let (logger, recorder) = logger(format)
            logger.info("accepted", [.string("idNumber", "450103196001011798", personal: .idNumber),
                                     .string("name", "韦小宝", personal: .name),
                                     .string("phone", "13900000000", personal: .phone),
                                     .string("account", "6222020200005678", personal: .bankAccount)])
            let line = recorder.lines.joined()
            #expect(line.contains("450103********1798"))
            #expect(line.contains("韦**"))
            #expect(line.contains("139****0000"))
            #expect(line.contains("************5678"))
            #expect(!line.contains("196001011798"))
            #expect(!line.contains("小宝"))
        }
    }

    @Test func levelsBelowTheMinimumAreNotEvenEvaluated() {
        let (logger, recorder) = logger(.text, level: .warning)
        let evaluated = Locked(0)
        func expensive() -> [LogField] {
            evaluated.withLock { $0 += 1 }
            return [.int("n", 1)]
        }
        logger.trace("t", expensive())
        logger.debug("d", expensive())
        logger.info("i", expensive())
        logger.notice("n", expensive())
        logger.warning("w", expensive())
        logger.error("e", expensive())
        logger.critical("c", expensive())
        #expect(evaluated.withLock { $0 } == 3)
        #expect(recorder.lines.map { $0.split(separator: " ")[1] } == ["WARNING", "ERROR", "CRITICAL"])
        #expect(logger.isEnabled(.warning) && !logger.isEnabled(.notice))
    }

    @Test func derivedLoggersAddTheirFields() {
        let (logger, recorder) = logger(.text)
        logger.with([.string("component", "outbox")]).info("flushed", [.int("count", 3)])
        #expect(recorder.lines == ["2026-11-23T10:00:00.123Z INFO flushed component=outbox count=3"])
    }

    @Test func concurrentLinesNeverInterleave() async {
        let (logger, recorder) = logger(.json)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 { logger.info("tick", [.int("task", task), .int("index", index)]) }
                }
            }
        }
        let lines = recorder.lines
        #expect(lines.count == 1600)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"ts\":") && $0.hasSuffix("}") && !$0.contains("\n") })
    }

    @Test func levelNamesParse() {
        for level in LogLevel.allCases { #expect(LogLevel(parsing: level.name.uppercased()) == level) }
        #expect(LogLevel(parsing: "warn") == .warning)
        #expect(LogLevel(parsing: "verbose") == nil)
        #expect(LogLevel.trace < LogLevel.critical)
    }
}
