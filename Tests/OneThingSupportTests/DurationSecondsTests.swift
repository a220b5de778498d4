import Testing
import OneThingSupport

@Suite struct DurationSecondsTests {
    @Test func wholeAndFractionalSeconds() {
        #expect(Duration.seconds(3).inSeconds == 3)
        #expect(Duration.milliseconds(1_500).inSeconds == 1.5)
        #expect(Duration.microseconds(250).inSeconds == 0.000_25)
        #expect(Duration.zero.inSeconds == 0)
        #expect(Duration.milliseconds(-2_500).inSeconds == -2.5)
        #expect(abs(Duration.nanoseconds(1).inSeconds - 1e-9) < 1e-18)
    }
}
