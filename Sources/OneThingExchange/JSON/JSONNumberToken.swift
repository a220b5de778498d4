/// The JSON number grammar (RFC 8259, section 6) and the value of a number, shared by
/// `JSONParser` and `JSONReader` so that the two accept, refuse and value exactly the
/// same numbers: integers stay exact (Int64 when they fit), anything else is a finite
/// Double, and a number that is neither is refused.
enum JSONNumberToken {
    /// Scans the number that starts at `start` (a `-` or a digit); returns the offset
    /// after it and whether it is an integer (no fraction, no exponent). A failure names
    /// the offset where the grammar broke.
    static func scan(_ bytes: [UInt8], from start: Int) throws(JSONParseError) -> (end: Int, isInteger: Bool) {
        var offset = start
        func isDigit(_ index: Int) -> Bool {
            index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
        }
        func digits(_ what: String) throws(JSONParseError) {
            let first = offset
            while isDigit(offset) { offset += 1 }
            if offset == first { throw JSONParseError(offset: offset, reason: what) }
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count else { throw JSONParseError(offset: offset, reason: "truncated number") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[offset]) {
            while isDigit(offset) { offset += 1 }
        } else {
            throw JSONParseError(offset: offset, reason: "invalid number")
        }
        var isInteger = true
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            try digits("expected digits after '.'")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            try digits("expected digits in exponent")
        }
        return (offset, isInteger)
    }

    /// An integer of at most 18 characters (sign included) always fits in Int64: its value
    /// needs no `String`, and it needs no range check.
    static func isShortInteger(from start: Int, to end: Int, isInteger: Bool) -> Bool {
        isInteger && end - start <= 18
    }

    /// The integer at `start` read in one pass when it is plainly one: an optional minus,
    /// then 1 to 18 digits (no leading zero but a lone 0), followed by none of `.`, `e`,
    /// `E` or another digit; else nil (`scan` then reads it, and reports what is wrong).
    /// Its value and where it ends.
    static func plainInteger(_ bytes: [UInt8], at start: Int) -> (value: Int64, end: Int)? {
        bytes.withUnsafeBufferPointer { buffer -> (value: Int64, end: Int)? in
            var index = start
            guard index < buffer.count else { return nil }
            let negative = buffer[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let first = index
            var value: Int64 = 0
            while index < buffer.count, index - first < 18 {
                let digit = buffer[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                value = value &* 10 &+ Int64(digit)
                index += 1
            }
            let digits = index - first
            guard digits > 0, digits == 1 || buffer[first] != UInt8(ascii: "0") else { return nil }
            if index < buffer.count {
                let next = buffer[index]
                if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") || next &- UInt8(ascii: "0") < 10 {
                    return nil
                }
            }
            return (negative ? -value : value, index)
        }
    }

    /// The value of an integer `scan` found at `start..<end` that `isShortInteger`
    /// (at most 18 digits: it cannot overflow).
    static func shortInteger(_ bytes: [UInt8], from start: Int, to end: Int) -> Int64 {
        var value: Int64 = 0
        var position = start
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        while position < end {
            value = value &* 10 &+ Int64(bytes[position] &- UInt8(ascii: "0"))
            position += 1
        }
        return negative ? -value : value
    }

    /// The value of the number `scan` found at `start..<end`.
    static func value(_ bytes: [UInt8], from start: Int, to end: Int, isInteger: Bool) throws(JSONParseError) -> JSONValue {
        if isShortInteger(from: start, to: end, isInteger: isInteger) {
            return .int(shortInteger(bytes, from: start, to: end))
        }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        if isInteger, let exact = Int64(text) { return .int(exact) }
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(offset: start, reason: "number out of range")
        }
        return .double(double)
    }
}
