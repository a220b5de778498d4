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

/// RFC 3339 date-time: `yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)`.
func isRFC3339(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes.allSatisfy({ $0 < 0x80 }) else { return false }
    func part(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    guard CivilDate(iso: part(0..<10)) != nil else { return false }
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
