import Testing
import OneThingSupport

@Suite struct DisplayWidthTests {
    @Test func displayWidthCountsChineseAsTwoColumns() {
        #expect(DisplayWidth.of("M10") == 3)
        #expect(DisplayWidth.of("韦小宝") == 6)
        #expect(DisplayWidth.of("韦**") == 4)
        #expect(DisplayWidth.of("待遇资格确认(正常退休)") == 22)
        #expect(DisplayWidth.of("（全角）") == 8, "fullwidth parentheses are wide")
        #expect(DisplayWidth.of("e\u{301}") == 1, "a combining accent takes no column")
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.padded("韦", to: 4) == "韦  ")
        #expect(DisplayWidth.leftPadded("7", to: 3) == "  7")
    }

    @Test func wideRangesAtTheirEdges() {
        #expect(DisplayWidth.of("\u{10FF}") == 1, "just below the Hangul Jamo block")
        #expect(DisplayWidth.of("\u{1100}") == 2)
        #expect(DisplayWidth.of("\u{FF01}") == 2, "fullwidth exclamation mark")
        #expect(DisplayWidth.of("\u{FF61}") == 1, "halfwidth katakana punctuation is narrow")
        #expect(DisplayWidth.of("\u{20000}") == 2, "CJK extension B")
        #expect(DisplayWidth.of("\u{7}") == 0, "a control character takes no column")
        #expect(DisplayWidth.of("\u{200B}") == 0, "a zero-width space is a format character")
        #expect(DisplayWidth.of(Character("韦")) == 2)
    }

    @Test func paddingNeverTruncates() {
        #expect(DisplayWidth.padded("韦小宝", to: 4) == "韦小宝")
        #expect(DisplayWidth.leftPadded("12345", to: 3) == "12345")
        #expect(DisplayWidth.padded("覃", to: 3) == "覃 ")
    }
}
