import Testing
import OneThingSupport

@Suite struct ZeroPaddedTests {
    @Test func padsToTheWidthAndNeverTruncates() {
        #expect(7.zeroPadded(to: 3) == "007")
        #expect(2026.zeroPadded(to: 4) == "2026")
        #expect(12345.zeroPadded(to: 2) == "12345")
        #expect(0.zeroPadded(to: 2) == "00")
        #expect((-5).zeroPadded(to: 3) == "-005", "the sign stands in front of the zeros")
        #expect(Int64(70).zeroPadded(to: 2) == "70")
        #expect(UInt8(9).zeroPadded(to: 2) == "09")
        #expect(Int64.min.zeroPadded(to: 1) == "-9223372036854775808")
    }
}
