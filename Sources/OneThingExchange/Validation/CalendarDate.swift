/// A month counted from year 0 (`year * 12 + month - 1`), so month arithmetic is integer
/// arithmetic and comparisons are plain.
struct MonthIndex: Sendable, Hashable, Comparable {
    let value: Int
    init(value: Int) { self.value = value }
    init(year: Int, month: Int) { value = year * 12 + month - 1 }
    var year: Int { value / 12 }
    var month: Int { value % 12 + 1 }
    static func < (lhs: MonthIndex, rhs: MonthIndex) -> Bool { lhs.value < rhs.value }
    /// `yyyy-MM`
    var text: String { pad(year, 4) + "-" + pad(month, 2) }
}

/// A calendar date without time zone: what the form and department documents carry.
struct CalendarDate: Sendable, Hashable, Comparable {
    let year: Int
    let month: Int
    let day: Int

    init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    var monthIndex: MonthIndex { MonthIndex(year: year, month: month) }

    static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `yyyy-MM-dd`
    var iso: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
    var compact: String { pad(year, 4) + pad(month, 2) + pad(day, 2) }

    /// Parses `yyyy-MM-dd`.
    init?(iso text: String) {
        guard let parts = DigitFields.split(text, lengths: [4, 2, 2], separator: "-") else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }
}

/// Parses fixed-width digit fields with an optional separator ("yyyy-MM-dd",
/// "yyyyMMdd", "yyyy/MM/dd"), refusing anything else (signs, spaces, other digits).
enum DigitFields {
    static func split(_ text: String, lengths: [Int], separator: Character?) -> [Int]? {
        let separatorByte: UInt8? = separator.flatMap(\.asciiValue)
        if separator != nil, separatorByte == nil { return nil }
        let expected = lengths.reduce(0, +) + (separator == nil ? 0 : lengths.count - 1)
        let utf8 = text.utf8
        guard utf8.count == expected else { return nil }
        var values: [Int] = []
        values.reserveCapacity(lengths.count)
        var iterator = utf8.makeIterator()
        for (position, length) in lengths.enumerated() {
            if position > 0, let separatorByte {
                guard iterator.next() == separatorByte else { return nil }
            }
            var value = 0
            for _ in 0..<length {
                guard let byte = iterator.next(), byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            values.append(value)
        }
        return values
    }
}

extension Character {
    var asciiDigit: Int? {
        guard let ascii = asciiValue, ascii >= 48, ascii <= 57 else { return nil }
        return Int(ascii - 48)
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// Parses `yyyy-MM`.
func parseMonth(_ text: String) -> MonthIndex? {
    guard let parts = DigitFields.split(text, lengths: [4, 2], separator: "-"), (1...9999).contains(parts[0]),
          (1...12).contains(parts[1]) else { return nil }
    return MonthIndex(year: parts[0], month: parts[1])
}

/// RFC 3339 date-time: `yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)`.
func isRFC3339(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes.allSatisfy({ $0 < 0x80 }) else { return false }
    func part(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    guard CalendarDate(iso: part(0..<10)) != nil else { return false }
    guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
    guard let time = DigitFields.split(part(11..<19), lengths: [2, 2, 2], separator: ":"),
          time[0] < 24, time[1] < 60, time[2] <= 60 else { return false }
    var index = 19
    if bytes[index] == UInt8(ascii: ".") {
        index += 1
        let start = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        guard index > start else { return false }
    }
    let zone = part(index..<bytes.count)
    if zone == "Z" || zone == "z" { return true }
    guard zone.utf8.count == 6, zone.first == "+" || zone.first == "-",
          let offset = DigitFields.split(String(zone.dropFirst()), lengths: [2, 2], separator: ":"),
          offset[0] < 24, offset[1] < 60 else { return false }
    return true
}
