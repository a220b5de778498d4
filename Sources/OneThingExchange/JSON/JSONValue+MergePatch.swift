extension JSONValue {
    /// RFC 7386 JSON Merge Patch: an object patch merges key by key (null deletes), any
    /// other patch replaces the target. This is how supplements (补正) change a stored
    /// application without resending it whole.
    public func mergePatched(with patch: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var target = objectValue ?? JSONObject()
        for (key, value) in patchObject {
            if case .null = value {
                target[key] = nil
            } else {
                let existing = target[key] ?? .null
                target[key] = existing.mergePatched(with: value)
            }
        }
        return .object(target)
    }
}
