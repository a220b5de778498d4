/// Whether a channel may make the changes of one supplement: every changed field must be
/// open to it, and a protected field needs a channel allowed to change it and a reason.
public struct SupplementPermission: Sendable, Hashable {
    /// One issue per field the channel may not change (code `forbidden`); empty when allowed.
    public let issues: [FieldIssue]
    /// The protected fields this (allowed) supplement changes: to be recorded with the reason.
    public let protectedChanges: [String]

    /// - Parameters:
    ///   - before: the stored application; `after`: it with the supplement merged in.
    ///   - reason: the supplement's `reason`, if any (blank counts as none).
    ///   - immutable: the form's immutable fields: left to the form's own check (code
    ///     `immutable`), since nobody may change them whichever channel asks.
    public init(policy: ChannelPolicy, source: String, before: JSONValue, after: JSONValue, reason: String?,
                immutable: [String] = []) {
        let channel = policy.channel(source)
        let hasReason = !(reason ?? "").allSatisfy(\.isWhitespace)
        var issues: [FieldIssue] = []
        var protectedChanges: [String] = []
        for path in before.changedPaths(to: after) where !immutable.contains(where: { ChannelPolicy.covers($0, path) }) {
            let shown = path.isEmpty ? "the application" : path
            if policy.isProtected(path) {
                if !channel.changesProtectedFields {
                    issues.append(FieldIssue(field: path, code: "forbidden", message:
                        "\(shown) cannot be changed after acceptance by channel \(source.isEmpty ? "(unnamed)" : source); "
                        + "only a channel allowed to change protected fields can, with a reason"))
                } else if !hasReason {
                    issues.append(FieldIssue(field: path, code: "forbidden", message:
                        "\(shown) is protected after acceptance: changing it needs a reason in the supplement"))
                } else {
                    protectedChanges.append(path)
                }
            } else if !channel.maySupplement(path) {
                issues.append(FieldIssue(field: path, code: "forbidden", message:
                    "channel \(source.isEmpty ? "(unnamed)" : source) may not change \(shown) by a supplement"))
            }
        }
        self.issues = issues
        self.protectedChanges = protectedChanges
    }

    public var isAllowed: Bool { issues.isEmpty }
}
