/// A JSON object that remembers insertion order (so output is stable and follows the
/// order a mapping file lists). Forms and department documents have a handful of keys,
/// so lookups scan a small array; a hash index is built only for large objects. Two
/// objects are equal when they hold the same keys with equal values, whatever the order.
public struct JSONObject: Sendable, Hashable, Sequence {
    private var entries: [(key: String, value: JSONValue)] = []
    /// Key -> position, only once the object is large enough for scanning to cost.
    private var index: [String: Int]?
    private static let indexThreshold = 16

    public init() {}

    /// Room for `count` keys without growing: for builders that know how many they write.
    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    public init(_ pairs: [(String, JSONValue)]) {
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Keys in insertion order.
    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    /// Reading gives the value; writing a value appends a new key or replaces in place;
    /// writing `nil` removes the key (writing `.null` stores a JSON null).
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let newValue {
                if let position = position(of: key) {
                    entries[position].value = newValue
                } else {
                    entries.append((key, newValue))
                    if index != nil {
                        index?[key] = entries.count - 1
                    } else if entries.count > Self.indexThreshold {
                        rebuildIndex()
                    }
                }
            } else if let position = position(of: key) {
                entries.remove(at: position)
                if index != nil { rebuildIndex() }
            }
        }
    }

    /// Adds a key known to be absent (the parser has just checked), skipping the lookup.
    mutating func appendNew(_ key: String, _ value: JSONValue) {
        entries.append((key, value))
        if index != nil {
            index?[key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        var built: [String: Int] = [:]
        built.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() { built[entry.key] = position }
        index = built
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        entries.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        // Usually both sides were built in the same order: compare pairwise first.
        var index = 0
        while index < lhs.entries.count, lhs.entries[index].key == rhs.entries[index].key {
            guard lhs.entries[index].value == rhs.entries[index].value else { return false }
            index += 1
        }
        if index == lhs.entries.count { return true }
        return lhs.entries[index...].allSatisfy { rhs[$0.key] == $0.value }
    }

    /// Order-independent: the sum of each entry's own hash.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for entry in entries {
            var entryHasher = Hasher()
            entryHasher.combine(entry.key)
            entryHasher.combine(entry.value)
            sum &+= entryHasher.finalize()
        }
        hasher.combine(entries.count)
        hasher.combine(sum)
    }
}
