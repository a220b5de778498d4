import OneThingExchange

/// How many validation problems the hub reports for one message.
///
/// The validator finds every problem, and a form with 50,000 unknown fields has 50,000
/// of them: listed in full, they made a status snapshot larger than Kafka accepts and a
/// history line of megabytes. The first `limit` say what is wrong as well as all of
/// them would; one more issue (`more-issues`) gives the count of the rest, so nothing
/// is hidden about how bad the message was.
enum IssueReport {
    static let limit = 100
    /// The code of the issue that counts the problems left out.
    static let moreIssuesCode = "more-issues"

    static func capped(_ issues: [FieldIssue]) -> [FieldIssue] {
        guard issues.count > limit else { return issues }
        let rest = issues.count - limit
        return Array(issues.prefix(limit))
            + [FieldIssue(field: "", code: moreIssuesCode,
                          message: "\(rest) more problem\(rest == 1 ? "" : "s") not listed (\(issues.count) in all)")]
    }
}
