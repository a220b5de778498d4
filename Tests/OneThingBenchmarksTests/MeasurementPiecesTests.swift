import OneThingKafka
import Testing
@testable import OneThingBenchmarks

/// The small computations the figures rest on.
@Suite("Measurement pieces")
struct MeasurementPiecesTests {
    @Test func theStatusReaderFindsTheApplicationsStateWithoutParsing() {
        let snapshot = Array(#"{"applicationId":"GX-1","state":"completed","matters":[{"state":"approved"}]}"#.utf8)
        #expect(BenchStatusWatcher.applicationState(in: snapshot) == "completed")
        #expect(BenchStatusWatcher.applicationState(in: Array(#"{"id":"x"}"#.utf8)) == nil)
        #expect(BenchStatusWatcher.applicationState(in: Array(#""state":""#.utf8)) == nil)
        #expect(BenchStatusWatcher.applicationState(in: Array(#""state":"open"#.utf8)) == "open")
    }

    @Test func theLimitsWindowKeepsUnreadMessagesUnderHalfOfWhatTheMockRetains() {
        let inbound = BenchTally(messages: 100_000, bytes: 100_000 * 1_200)
        let outbound = BenchTally(messages: 160_000, bytes: 160_000 * 1_200)
        let window = BenchRawLimit.safeWindow(atMost: 20_000, inbound: inbound, outbound: outbound, partitions: 3)
        #expect(window < 20_000)
        // The outbound topic's share of the window, at its size, fits half of 3 partitions.
        let outboundBytes = Double(window) * 160 / 260 * Double(1_200 + 64)
        #expect(outboundBytes <= Double(MockCluster.retainedBytesPerPartition / 2 * 3))
        // Small messages: the caller's window stands.
        let small = BenchTally(messages: 1_000, bytes: 1_000 * 50)
        #expect(BenchRawLimit.safeWindow(atMost: 20_000, inbound: small, outbound: small, partitions: 3) == 20_000)
    }

    @Test func theRoundTripRefusesSizesTheMockWouldTrim() {
        #expect(BenchKafkaRoundTrip(messages: 100_000, payloadBytes: 64, partitions: 3).fitsTheMock)
        #expect(!BenchKafkaRoundTrip(messages: 400_000, payloadBytes: 100, partitions: 3).fitsTheMock)
        #expect(!BenchKafkaRoundTrip(messages: 0, payloadBytes: 64, partitions: 3).fitsTheMock)
    }

    @Test func talliesAddSubtractAndRoundTheirMean() {
        var tally = BenchTally()
        tally.add(bytes: 10)
        tally.add(bytes: 11)
        #expect(tally.meanBytes == 11)   // 10.5 rounds up
        #expect((tally + tally).messages == 4)
        #expect((tally - tally).bytes == 0)
        #expect(BenchTally().meanBytes == 0)
    }
}
