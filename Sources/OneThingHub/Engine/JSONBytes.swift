import Foundation
import OneThingExchange

/// A compact JSON writer straight into bytes, for the documents the hub writes at every
/// state change (status snapshots). Building a `JSONValue` tree only to serialize it
/// would cost more than the document; this writes the same compact output (keys in the order
/// written, strings escaped per RFC 8259, non-ASCII kept as UTF-8) without the tree.
///
/// It owns a plain buffer rather than appending to an `[UInt8]`: a snapshot is some 200
/// small appends, and each array append pays a uniqueness and capacity check and a
/// generic copy, more than the bytes it writes.
/// Noncopyable, so the buffer has exactly one owner, freed in `deinit`.
struct JSONBytes: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// What was written so far, as a new array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

    mutating func raw(_ text: StaticString) {
        append(text)
    }

    mutating func string(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var plainFrom = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                append(UnsafeBufferPointer(rebasing: utf8[plainFrom..<index]))
                escape(byte)
                plainFrom = index + 1
            }
            append(UnsafeBufferPointer(rebasing: utf8[plainFrom...]))
        }
        append(UInt8(ascii: "\""))
    }

    mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func int(_ value: Int) {
        var text = String(value)
        text.withUTF8 { append($0) }
    }

    /// An instant as the hub writes it (`HubTime`), or null.
    mutating func time(_ date: Date?) {
        guard let date else { raw("null"); return }
        append(UInt8(ascii: "\""))
        reserve(HubTime.fixedWidth)
        if let written = HubTime.write(date, to: start + count) {
            count += written
        } else {
            var text = HubTime.rfc3339(date)
            text.withUTF8 { append($0) }
        }
        append(UInt8(ascii: "\""))
    }

    /// Any JSON value, through the exchange serializer.
    mutating func value(_ value: JSONValue) {
        value.serialized().withUnsafeBufferPointer { append($0) }
    }

    /// An object (a matter's outputs): strings, integers, booleans and nulls written
    /// here, anything else (doubles, nesting) through the exchange serializer, so the
    /// bytes are the serializer's either way. Outputs are flat strings and numbers, and
    /// a snapshot lists every approved matter's: serializing each into an array of its
    /// own and copying it over was a fifth of a snapshot's cost.
    mutating func object(_ object: JSONObject) {
        append(UInt8(ascii: "{"))
        var first = true
        for (key, member) in object {
            if !first { append(UInt8(ascii: ",")) }
            first = false
            string(key)
            append(UInt8(ascii: ":"))
            switch member {
            case .string(let text): string(text)
            case .int(let number): int(Int(number))
            case .bool(let flag): raw(flag ? "true" : "false")
            case .null: raw("null")
            case .double, .array, .object: value(member)
            }
        }
        append(UInt8(ascii: "}"))
    }

    /// `"key":` (the key is one of ours: plain ASCII, no escaping needed).
    mutating func key(_ name: StaticString, first: Bool = false) {
        append(first ? "\"" : ",\"")
        append(name)
        append("\":")
    }

    // MARK: the buffer

    private mutating func escape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): append(UInt8(ascii: "\\"))
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        case 0x08: append(UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            append("u00")
            append(hex.utf8Start[Int(byte >> 4)])
            append(hex.utf8Start[Int(byte & 0x0F)])
        }
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        if text.hasPointerRepresentation {
            append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        } else {
            text.withUTF8Buffer { append($0) }
        }
    }

    @inline(__always)
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        reserve(buffer.count)
        (start + count).update(from: base, count: buffer.count)
        count += buffer.count
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    /// Room for `extra` more bytes, doubling the buffer when it is short.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: extra) }
    }

    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: start, count: count)
        start.deallocate()
        start = grown
        capacity = newCapacity
    }
}
