/// A JSON object that remembers insertion order (so output is stable and follows the
/// order a mapping file lists) while lookups stay O(1). Two objects are equal when they
/// hold the same keys with equal values, whatever the order.
public struct JSONObject: Sendable, Hashable, Sequence {
    private var orderedKeys: [String] = []
    private var storage: [String: JSONValue] = [:]

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    /// Keys in insertion order.
    public var keys: [String] { orderedKeys }
    public var count: Int { orderedKeys.count }
    public var isEmpty: Bool { orderedKeys.isEmpty }

    /// Reading gives the value; writing a value appends a new key or replaces in place;
    /// writing `nil` removes the key (writing `.null` stores a JSON null).
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { orderedKeys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                orderedKeys.removeAll { $0 == key }
            }
        }
    }

    public func makeIterator() -> AnyIterator<(key: String, value: JSONValue)> {
        var index = 0
        let keys = orderedKeys
        let storage = storage
        return AnyIterator {
            while index < keys.count {
                let key = keys[index]
                index += 1
                if let value = storage[key] { return (key, value) }
            }
            return nil
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }
}
