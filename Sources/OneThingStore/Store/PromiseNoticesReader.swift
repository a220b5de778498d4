import Foundation
import OneThingExchange

/// Reads a state record's `promises` member in its common shape straight from the text
/// (for `StateRecordRowsDecoder`): an object with only a `notices` list, each notice an
/// object of exactly `id` and `kind` (strings), `at` (Unix milliseconds in range) and
/// `covers` (a list of strings), and at most empty lists of evaluations, rectifications
/// and cards. Nearly every application's promises are a notice or two, and building
/// their `JSONValue` tree to decode them was a good share of a restore's parsing.
///
/// Anything else (an evaluation, a card, a member it does not know, a duplicate key, a
/// `null`) gives nil, and the caller reads the member whole with `PromiseRecordsJSON`
/// from where it started: what this reader takes, that decoder takes the same way, so
/// what is refused, and why, stays that decoder's to say.
enum PromiseNoticesReader {
    /// The promises at `json`'s position, read past them; nil (with `json` left
    /// anywhere: the caller rewinds it) for any other shape.
    static func read(_ json: inout JSONReader) -> PromiseRecords? {
        do {
            return try promises(&json)
        } catch {
            return nil
        }
    }

    private static let memberKeys = JSONKeys(["notices", "evaluations", "rectifications", "cards"])
    private static let noticeKeys = JSONKeys(["id", "kind", "at", "covers"])

    /// Any other shape than the common one.
    private struct Other: Error {}

    private static func promises(_ json: inout JSONReader) throws -> PromiseRecords {
        guard try json.peek() == .object else { throw Other() }
        try json.beginObject()
        var promises = PromiseRecords()
        var seen: UInt32 = 0
        var hint = 0
        while let index = try json.nextKey(in: memberKeys, hint: hint) {
            hint = index + 1
            let bit = UInt32(1) << UInt32(index)
            guard index < memberKeys.count, seen & bit == 0 else { throw Other() }
            seen |= bit
            guard try json.peek() == .array else { throw Other() }
            try json.beginArray()
            if index == 0 {
                while try json.nextElement() { promises.notices.append(try notice(&json)) }
            } else if try json.nextElement() {
                throw Other()
            }
        }
        return promises
    }

    private static func notice(_ json: inout JSONReader) throws -> NoticeRecord {
        guard try json.peek() == .object else { throw Other() }
        try json.beginObject()
        var id: String?, kind: String?, at: Int64?, covers: [String]?
        var hint = 0
        while let index = try json.nextKey(in: noticeKeys, hint: hint) {
            hint = index + 1
            switch index {
            case 0 where id == nil: id = try string(&json)
            case 1 where kind == nil: kind = try string(&json)
            case 2 where at == nil:
                guard try json.peek() == .number, let value = try json.readInteger(), Date.storableMilliseconds.contains(value) else {
                    throw Other()
                }
                at = value
            case 3 where covers == nil:
                guard try json.peek() == .array else { throw Other() }
                try json.beginArray()
                var list: [String] = []
                while try json.nextElement() { list.append(try string(&json)) }
                covers = list
            default: throw Other()
            }
        }
        guard let id, let kind, let at, let covers else { throw Other() }
        return NoticeRecord(id: id, kind: kind, at: Date(unixMilliseconds: at), covers: covers)
    }

    private static func string(_ json: inout JSONReader) throws -> String {
        guard try json.peek() == .string else { throw Other() }
        return try json.readString()
    }
}
