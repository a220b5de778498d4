/// Writes compact JSON straight into bytes, member by member, with exactly the bytes
/// `JSONValue.serialized()` gives for the same members in the same order (it writes
/// through the same serializer).
///
/// Why: a document written once per transaction and thrown away (the state record of
/// every application a transaction changed) need not be built as a `JSONValue` tree
/// first; the tree's arrays, objects and intermediate strings (base64 text, numbers as
/// `String`) cost more than writing the bytes. Callers add members in order and keep
/// objects and arrays balanced; the writer adds the commas and colons.
public struct JSONStreamWriter {
    private var serializer: JSONSerializer
    /// For each open object or array, whether it has no member yet.
    private var empty: [Bool] = []
    /// A key was written and its value is next (no comma before it).
    private var afterKey = false

    public init(reserving capacity: Int = 1024) {
        serializer = JSONSerializer(pretty: false, reserving: capacity)
        empty.reserveCapacity(8)
    }

    /// The bytes written so far (a whole document once every object is closed).
    public var bytes: [UInt8] { serializer.output }

    public mutating func beginObject() {
        separate()
        serializer.appendByte(UInt8(ascii: "{"))
        empty.append(true)
    }

    public mutating func endObject() {
        empty.removeLast()
        serializer.appendByte(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        serializer.appendByte(UInt8(ascii: "["))
        empty.append(true)
    }

    public mutating func endArray() {
        empty.removeLast()
        serializer.appendByte(UInt8(ascii: "]"))
    }

    /// The next member's key, inside an object; its value is the next thing written.
    public mutating func key(_ key: String) {
        separate()
        serializer.writeString(key)
        serializer.appendByte(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        serializer.writeString(value)
    }

    public mutating func int(_ value: Int64) {
        separate()
        serializer.writeInt(value)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        serializer.write(.bool(value))
    }

    /// A whole value, as `JSONValue.serialized()` writes it.
    public mutating func value(_ value: JSONValue) {
        separate()
        serializer.write(value)
    }

    /// `bytes` in base64 (RFC 4648, padded, no line breaks) as a JSON string: the text
    /// Foundation's `Data.base64EncodedString()` gives, which needs no escaping.
    public mutating func base64String(_ bytes: [UInt8]) {
        separate()
        serializer.appendByte(UInt8(ascii: "\""))
        serializer.appendBase64(bytes)
        serializer.appendByte(UInt8(ascii: "\""))
    }

    /// Convenience: `key(name)` then `string(value)`.
    public mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// Convenience: `key(name)` then `int(value)`.
    public mutating func member(_ name: String, _ value: Int64) {
        key(name)
        int(value)
    }

    /// A comma before every member of an open object or array but its first, none after
    /// a key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = empty.indices.last else { return }
        if empty[last] {
            empty[last] = false
        } else {
            serializer.appendByte(UInt8(ascii: ","))
        }
    }
}
