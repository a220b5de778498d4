/// The problems found so far, in the order found, and a quick way for cross-field checks
/// to ask "did this field already fail?" so one mistake is reported once, not cascaded.
struct IssueList {
    private(set) var issues: [FieldIssue] = []

    mutating func add(_ field: String, _ code: IssueCode, _ message: String) {
        issues.append(FieldIssue(field: field, code: code.rawValue, message: message))
    }

    /// Whether the field, or anything inside it, has a problem already.
    /// The path is only built when there are issues to compare it with: a valid form has
    /// none, and cross-field checks ask about every element of every list.
    func hasIssue(at path: @autoclosure () -> String) -> Bool {
        guard !issues.isEmpty else { return false }
        let path = path()
        return issues.contains { $0.field == path || $0.field.hasPrefix(path + ".") || $0.field.hasPrefix(path + "[") }
    }
}

/// The contract's error codes (`FieldIssue` in `Topics/asyncapi.json`; which code when:
/// `Topics/README.md`), plus `immutable` for supplements.
enum IssueCode: String {
    case required
    case unknownField = "unknown-field"
    case type
    case format
    case range
    case checksum
    case mismatch
    case tooEarly = "too-early"
    case overlap
    case immutable
}
