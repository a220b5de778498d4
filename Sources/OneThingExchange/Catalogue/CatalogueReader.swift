/// Small typed accessors over a catalogue file's JSON that turn every surprise into a
/// `CatalogueError` naming the file and the key.
struct CatalogueReader {
    let file: String

    func fail(_ reason: String) -> CatalogueError { CatalogueError(file: file, reason: reason) }

    /// Refuses keys the format does not know: a misspelt `applicableWhen` must not
    /// silently make a matter apply to everyone.
    func allowOnly(_ object: JSONObject, _ keys: Set<String>, context: String = "") throws(CatalogueError) {
        for key in object.keys where !keys.contains(key) {
            throw fail("\(context)unknown key \(key)")
        }
    }

    func parse(_ bytes: [UInt8]?) throws(CatalogueError) -> JSONObject {
        guard let bytes else { throw fail("file is missing") }
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch { throw fail(error.description) }
        guard let object = value.objectValue else { throw fail("top level is not an object") }
        return object
    }

    func string(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> String {
        guard let value = object[key]?.stringValue, !value.isEmpty else { throw fail("\(context)\(key) must be a non-empty string") }
        return value
    }

    func optionalString(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw fail("\(context)\(key) must be a string") }
        return text
    }

    func int(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.intValue else { throw fail("\(context)\(key) must be an integer") }
        return Int(number)
    }

    func bool(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> Bool {
        guard let value = object[key], !value.isNull else { return false }
        guard let flag = value.boolValue else { throw fail("\(context)\(key) must be a boolean") }
        return flag
    }

    func object(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> JSONObject {
        guard let value = object[key]?.objectValue else { throw fail("\(context)\(key) must be an object") }
        return value
    }

    func array(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> [JSONValue] {
        guard let value = object[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw fail("\(context)\(key) must be an array") }
        return items
    }

    func strings(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> [String] {
        var result: [String] = []
        for item in try array(object, key, context: context) {
            guard let text = item.stringValue else { throw fail("\(context)\(key) must list strings") }
            result.append(text)
        }
        return result
    }

    /// A duration: seconds as a number, or a number with a unit `s`, `m`, `h`, `d`.
    func duration(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> Double {
        guard let value = object[key] else { throw fail("\(context)\(key) is missing") }
        if let seconds = value.doubleValue, seconds > 0 { return seconds }
        guard let text = value.stringValue, let unit = text.last, let amount = Double(text.dropLast()), amount > 0 else {
            throw fail("\(context)\(key) must be a positive duration like \"15d\", \"10m\" or seconds")
        }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86400
        default: throw fail("\(context)\(key) has an unknown unit \(unit)")
        }
    }

    /// A time limit: a duration as above, or working days (`"7wd"`).
    func timeLimit(_ object: JSONObject, _ key: String, context: String = "") throws(CatalogueError) -> TimeLimit {
        guard let value = object[key] else { throw fail("\(context)\(key) is missing") }
        if let seconds = value.doubleValue, seconds > 0 { return .calendar(seconds: seconds) }
        guard let text = value.stringValue, let limit = TimeLimit(text: text) else {
            throw fail("\(context)\(key) must be a positive time limit like \"15wd\" (working days), \"15d\", \"10m\" or seconds")
        }
        return limit
    }

    func rule(_ value: JSONValue?) throws(CatalogueError) -> Rule? {
        guard let value else { return nil }
        return try Rule.parse(value, file: file)
    }
}
