/// How many terminal columns text occupies, so tables line up when they mix Latin
/// letters with Chinese (a CJK character takes two columns, a combining mark none).
///
/// The ranges are the East Asian Wide and Fullwidth blocks of Unicode (UAX #11) that the
/// hub's data can contain (names and reasons in Chinese, department codes in Latin):
/// CJK ideographs, Hangul, kana, fullwidth forms and the common emoji blocks. Anything
/// else counts one column. Counting `Character`s instead would misalign every row that
/// holds Chinese, which is most of them.
public enum DisplayWidth {
    /// Columns taken by `text` in a monospaced terminal. Walks Unicode scalars, not
    /// grapheme clusters (much cheaper, and the same for the text the tools print): printable
    /// ASCII is one column, combining marks and format characters none, East Asian wide
    /// characters two.
    public static func of(_ text: String) -> Int {
        var columns = 0
        for scalar in text.unicodeScalars {
            columns += of(scalar)
        }
        return columns
    }

    /// Columns of one character (grapheme cluster).
    public static func of(_ character: Character) -> Int {
        character.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return isWide(value) ? 2 : 1
        }
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,    // Hangul Jamo initials
        0x2E80...0x303E,    // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,    // kana, bopomofo, Hangul compatibility, CJK compatibility
        0x3400...0x4DBF,    // CJK extension A
        0x4E00...0x9FFF,    // CJK unified ideographs
        0xA000...0xA4CF,    // Yi
        0xAC00...0xD7A3,    // Hangul syllables
        0xF900...0xFAFF,    // CJK compatibility ideographs
        0xFE30...0xFE4F,    // CJK compatibility forms
        0xFF00...0xFF60,    // fullwidth forms
        0xFFE0...0xFFE6,    // fullwidth signs
        0x1F300...0x1F64F,  // pictographs, emoticons
        0x1F900...0x1F9FF,  // supplemental pictographs
        0x20000...0x3FFFD,  // CJK extensions B and later
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        return wideRanges.contains { $0.contains(value) }
    }

    /// `text` followed by spaces up to `columns` display columns (never truncated).
    public static func padded(_ text: String, to columns: Int) -> String {
        let missing = columns - of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// Spaces then `text`, right-aligned in `columns` display columns.
    public static func leftPadded(_ text: String, to columns: Int) -> String {
        let missing = columns - of(text)
        return missing > 0 ? String(repeating: " ", count: missing) + text : text
    }
}
