import Testing
import OneThingCrypto

@Suite struct DigestTests {
    /// The two examples of GB/T 32905-2016 (appendix A): SM3 is wired, not some other digest.
    @Test func standardExamples() throws {
        #expect(try SM3Digest(of: "abc").hex == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        let sixtyFour = String(repeating: "abcd", count: 16)
        #expect(try SM3Digest(of: sixtyFour).hex == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test func hexRoundTripsAndRejectsOtherText() throws {
        let digest = try SM3Digest(of: [1, 2, 3])
        #expect(SM3Digest(hex: digest.hex) == digest)
        #expect(SM3Digest(hex: digest.hex.uppercased()) == digest)
        #expect(SM3Digest(hex: "abc") == nil)
        #expect(SM3Digest(hex: String(repeating: "zz", count: 32)) == nil)
        #expect(SM3Digest(hex: String(repeating: "00", count: 31)) == nil)
    }
}
