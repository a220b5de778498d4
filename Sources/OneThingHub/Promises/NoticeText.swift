import Foundation
import OneThingExchange

/// Fills a notice template of the catalogue: `{name}` is replaced by the hub's value of
/// that name when it has one (`applicationId`, `deadline`, `items`, ...), else by the
/// form's text at that dotted path (`applicant.name`); a placeholder that names neither
/// becomes empty, so a notice never shows the applicant raw braces.
enum NoticeText {
    static func render(_ template: String, values: [String: String], document: JSONValue) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else {
                result += rest[open...]
                return result
            }
            let name = String(rest[afterOpen..<close])
            if let value = values[name] {
                result += value
            } else if let value = document[path: name] {
                result += value.stringValue ?? value.intValue.map(String.init) ?? ""
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// A day as applicants read it: `2026年12月21日` (China Standard Time).
    static func day(_ date: Date) -> String {
        let text = HubTime.rfc3339(date)  // yyyy-MM-ddTHH:mm:ss+08:00
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]) else { return String(text.prefix(10)) }
        return "\(parts[0])年\(month)月\(day)日"
    }
}
