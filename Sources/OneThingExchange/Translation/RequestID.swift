/// A request's identity, `<application id>:<matter>:r<revision>`: the `ce_id` a resend
/// repeats and a reply names, so departments can drop duplicates and the hub can tell a
/// stale reply (older revision) from a current one.
public struct RequestID: Sendable, Hashable, CustomStringConvertible {
    public let applicationID: String
    public let matter: String
    public let revision: Int
    /// The id's text, built once: it is the request's `ce_id`, its history entries' event
    /// id and its stored request id, so it is read many times per request.
    public let description: String

    public init(applicationID: String, matter: String, revision: Int) {
        self.applicationID = applicationID
        self.matter = matter
        self.revision = revision
        self.description = "\(applicationID):\(matter):r\(revision)"
    }

    /// Parses `<application id>:<matter>:r<revision>`; nil for anything else (forms
    /// keep ':' out of their ids, so there are exactly three parts).
    public init?(parsing text: String) {
        // Byte-level: every reply and every request goes through here.
        let utf8 = text.utf8
        let colon = UInt8(ascii: ":")
        guard let first = utf8.firstIndex(of: colon), first > utf8.startIndex else { return nil }
        let afterFirst = utf8.index(after: first)
        guard let second = utf8[afterFirst...].firstIndex(of: colon), second > afterFirst else { return nil }
        let revisionStart = utf8.index(after: second)
        guard revisionStart < utf8.endIndex, utf8[revisionStart] == UInt8(ascii: "r") else { return nil }
        var revision = 0
        var digits = 0
        for byte in utf8[utf8.index(after: revisionStart)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9 else { return nil }
            revision = revision * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0, revision >= 1 else { return nil }
        self.applicationID = String(Substring(utf8[..<first]))
        self.matter = String(Substring(utf8[afterFirst..<second]))
        self.revision = revision
        // The text is already canonical unless the revision has leading zeros ("r01").
        let canonical = utf8[utf8.index(after: revisionStart)] != UInt8(ascii: "0")
        self.description = canonical ? text : "\(applicationID):\(matter):r\(revision)"
    }
}
