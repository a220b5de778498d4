extension JSONValue {
    /// The dotted paths at which `other` differs from `self`, down to the leaves: objects
    /// are compared key by key (a missing or null side counts as an empty object, so a
    /// block added or removed names every field in it), anything else as a whole (an
    /// array is one value, as a JSON Merge Patch replaces it whole). Sorted.
    ///
    /// Why leaves: who may change what is decided per field, and a supplement that
    /// replaces a whole block must not slip a field it may not touch through it.
    public func changedPaths(to other: JSONValue) -> [String] {
        var paths: [String] = []
        Self.collectChanges(from: self, to: other, path: "", into: &paths)
        return paths.sorted()
    }

    private static func collectChanges(from before: JSONValue, to after: JSONValue, path: String, into paths: inout [String]) {
        let beforeObject = before.objectValue ?? (before.isNull ? JSONObject() : nil)
        let afterObject = after.objectValue ?? (after.isNull ? JSONObject() : nil)
        guard let beforeObject, let afterObject, before.objectValue != nil || after.objectValue != nil else {
            if before != after { paths.append(path) }
            return
        }
        var keys = beforeObject.keys
        for key in afterObject.keys where beforeObject[key] == nil { keys.append(key) }
        for key in keys {
            collectChanges(from: beforeObject[key] ?? .null, to: afterObject[key] ?? .null,
                           path: path.isEmpty ? key : path + "." + key, into: &paths)
        }
    }
}
