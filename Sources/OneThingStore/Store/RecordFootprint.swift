import OneThingExchange

/// About how many bytes of memory a decoded application record takes, for the record
/// cache's byte budget. Counting records alone bounds nothing: one application whose
/// form carries long texts (or, before the size limit, thousands of fields) weighs as
/// much as hundreds of ordinary ones. The estimate adds the payload of every string and
/// a fixed overhead per value, array and dictionary entry (Swift's boxes, hash tables and
/// enum tags); it is meant to be within a small factor of the real heap use, and never
/// far below it, not exact.
enum RecordFootprint {
    /// Fixed cost of one record: its stored properties, the matters array and dictionary
    /// slots in the cache.
    static let recordOverhead = 512
    /// Fixed cost of one matter record (its properties and optionals).
    static let matterOverhead = 256
    /// Fixed cost of one JSON value (enum payload box) or string header.
    static let valueOverhead = 32

    static func bytes(of record: ApplicationRecord) -> Int {
        var total = recordOverhead
        total += string(record.id) + string(record.flow) + string(record.contentDigest)
        total += string(record.submittedEventID) + string(record.lastEvent) + string(record.lastEventMatter)
        total += json(record.document)
        for issue in record.errors {
            total += valueOverhead + string(issue.field) + string(issue.code) + string(issue.message)
        }
        for item in record.notApplicable {
            total += valueOverhead + string(item.matter) + string(item.reason)
        }
        for matter in record.matters {
            total += matterOverhead + string(matter.code) + string(matter.department) + string(matter.requestID)
            total += string(matter.reason) + object(matter.outputs)
        }
        return total
    }

    /// Strings up to 15 UTF-8 bytes are stored inline; longer ones have a heap buffer.
    static func string(_ text: String?) -> Int {
        guard let text else { return 0 }
        let count = text.utf8.count
        return count <= 15 ? 0 : valueOverhead + count
    }

    static func json(_ value: JSONValue) -> Int {
        switch value {
        case .string(let text): return valueOverhead + string(text)
        case .array(let items): return valueOverhead + items.reduce(0) { $0 + json($1) }
        case .object(let members): return object(members)
        default: return valueOverhead
        }
    }

    static func object(_ members: JSONObject) -> Int {
        var total = valueOverhead
        for member in members {
            total += valueOverhead + string(member.key) + json(member.value)
        }
        return total
    }
}
