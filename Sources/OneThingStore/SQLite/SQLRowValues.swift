import Foundation

/// The values of many rows, stored flat for statements that write them in bulk (a
/// restore's multi-row inserts): every text and blob in one byte buffer, every value a
/// plain descriptor.
///
/// Why not `[SQLValue]`: each of those values owns its text (a `String` or an array), so
/// building a run of thousands of rows allocates per value, moving the values into a
/// statement's list retains and releases each, binding them makes SQLite copy each text
/// (`SQLITE_TRANSIENT`), and freeing the run releases each again. Here the texts are
/// appended to one buffer as they are read, the descriptors hold no references, and
/// `Statement.bind(_:ranges:trailing:in:)` hands SQLite pointers into the buffer
/// (`SQLITE_STATIC`) for as long as the buffer is pinned.
struct SQLRowValues: Sendable {
    /// One value; a text or blob is where its bytes lie in `bytes`.
    enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(start: Int, count: Int)
        case blob(start: Int, count: Int)
    }

    /// The bytes of every text and blob, one after another.
    private(set) var bytes: [UInt8] = []
    /// The values, in the order their statements bind them.
    private(set) var values: [Value] = []

    init() {}

    /// How many values there are: the index the next one gets.
    var count: Int { values.count }

    mutating func appendNull() { values.append(.null) }

    mutating func appendInteger(_ value: Int64) { values.append(.integer(value)) }

    mutating func appendBool(_ value: Bool) { values.append(.integer(value ? 1 : 0)) }

    mutating func appendReal(_ value: Double) { values.append(.real(value)) }

    /// An instant in Unix milliseconds (how the store keeps them, see `SQLValue.date`), or NULL.
    mutating func appendMilliseconds(_ value: Int64?) {
        values.append(value.map { .integer($0) } ?? .null)
    }

    mutating func appendText(_ text: String) {
        var text = text
        let start = bytes.count
        text.withUTF8 { bytes.append(contentsOf: $0) }
        values.append(.text(start: start, count: bytes.count - start))
    }

    /// A text, or NULL.
    mutating func appendText(_ text: String?) {
        guard let text else { return appendNull() }
        appendText(text)
    }

    /// A text whose UTF-8 bytes are `utf8`.
    mutating func appendText(utf8: some Collection<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: utf8)
        values.append(.text(start: start, count: bytes.count - start))
    }

    /// Bytes kept in the buffer for a text value appended later (`appendText(_:)` of
    /// it), possibly more than once: a row's texts are read before the row's values can
    /// be appended in column order.
    struct StoredText: Sendable, Equatable {
        fileprivate let start: Int
        fileprivate let count: Int
    }

    /// Keeps `utf8` for a text value appended later.
    mutating func store(utf8: some Collection<UInt8>) -> StoredText {
        let start = bytes.count
        bytes.append(contentsOf: utf8)
        return StoredText(start: start, count: bytes.count - start)
    }

    /// Keeps the bytes `write` appends to the buffer it is given, reading them from
    /// `source` (a JSON reader that unescapes a string straight into the buffer), for a
    /// text value appended later. Nothing is kept when `write` throws.
    mutating func store<Source, E: Error>(from source: inout Source,
                                          writing write: (inout Source, inout [UInt8]) throws(E) -> Void) throws(E) -> StoredText {
        let start = bytes.count
        do {
            try write(&source, &bytes)
        } catch {
            bytes.removeSubrange(start...)
            throw error
        }
        return StoredText(start: start, count: bytes.count - start)
    }

    mutating func appendText(_ text: StoredText) {
        values.append(.text(start: text.start, count: text.count))
    }

    /// A text kept before, or NULL.
    mutating func appendText(_ text: StoredText?) {
        guard let text else { return appendNull() }
        appendText(text)
    }

    mutating func append(_ value: SQLValue) {
        switch value {
        case .null: appendNull()
        case .integer(let number): appendInteger(number)
        case .real(let number): appendReal(number)
        case .text(let text): appendText(text)
        case .textBytes(let text): appendText(utf8: text)
        case .blob(let blob):
            let start = bytes.count
            bytes.append(contentsOf: blob)
            values.append(.blob(start: start, count: blob.count))
        }
    }

    mutating func append(contentsOf values: [SQLValue]) {
        for value in values { append(value) }
    }

    /// Makes the value at `index` the text kept as `text` (a value that was not known
    /// when its place was taken).
    mutating func setText(at index: Int, _ text: StoredText) {
        values[index] = .text(start: text.start, count: text.count)
    }

    /// What the buffer holds now, to go back to (`rollBack(to:)`).
    struct Mark: Sendable {
        fileprivate let values: Int
        fileprivate let bytes: Int
    }

    var mark: Mark { Mark(values: values.count, bytes: bytes.count) }

    /// Forgets what was added since `mark` (a record that turned out not to be usable
    /// halfway through).
    mutating func rollBack(to mark: Mark) {
        if mark.values < values.count { values.removeSubrange(mark.values...) }
        if mark.bytes < bytes.count { bytes.removeSubrange(mark.bytes...) }
    }

    /// The value at `index` as a `SQLValue` (texts as `.textBytes`): for reading back
    /// and comparing, not for binding.
    func sqlValue(at index: Int) -> SQLValue {
        switch values[index] {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .real(number)
        case .text(let start, let count): .textBytes(Array(bytes[start..<start + count]))
        case .blob(let start, let count): .blob(Array(bytes[start..<start + count]))
        }
    }

    /// `sqlValue(at:)` of each value in `range`.
    func sqlValues(_ range: Range<Int>) -> [SQLValue] {
        range.map(sqlValue(at:))
    }
}
