import OneThingExchange

/// How the store's JSON columns map to record fields: compact JSON written by
/// `JSONValue.serialized()`, read back with `JSONValue(parsing:)`. Anything unreadable
/// becomes `StoreError.invalidData` naming the column.
enum JSONColumns {
    static func parse(_ bytes: [UInt8], column: String) throws(StoreError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw StoreError.invalidData("column \(column) holds invalid JSON: \(error)")
        }
    }

    static func encode(_ issues: [FieldIssue]) -> [UInt8] {
        JSONValue.array(issues.map(\.json)).serialized()
    }

    static func decodeIssues(_ bytes: [UInt8]) throws(StoreError) -> [FieldIssue] {
        try objects(parse(bytes, column: "errors"), column: "errors").map { object throws(StoreError) in
            FieldIssue(field: try string(object, "field", column: "errors"),
                       code: try string(object, "code", column: "errors"),
                       message: try string(object, "message", column: "errors"))
        }
    }

    static func encode(_ notApplicable: [NotApplicable]) -> [UInt8] {
        JSONValue.array(notApplicable.map { item in
            .object(JSONObject([("matter", .string(item.matter)), ("reason", .string(item.reason))]))
        }).serialized()
    }

    static func decodeNotApplicable(_ bytes: [UInt8]) throws(StoreError) -> [NotApplicable] {
        try objects(parse(bytes, column: "not_applicable"), column: "not_applicable").map { object throws(StoreError) in
            NotApplicable(matter: try string(object, "matter", column: "not_applicable"),
                          reason: try string(object, "reason", column: "not_applicable"))
        }
    }

    static func encode(_ outputs: JSONObject) -> [UInt8] {
        JSONValue.object(outputs).serialized()
    }

    static func decodeOutputs(_ bytes: [UInt8]) throws(StoreError) -> JSONObject {
        guard let object = try parse(bytes, column: "outputs").objectValue else {
            throw StoreError.invalidData("column outputs does not hold a JSON object")
        }
        return object
    }

    private static func objects(_ value: JSONValue, column: String) throws(StoreError) -> [JSONObject] {
        guard let array = value.arrayValue else {
            throw StoreError.invalidData("column \(column) does not hold a JSON array")
        }
        var objects: [JSONObject] = []
        for element in array {
            guard let object = element.objectValue else {
                throw StoreError.invalidData("column \(column) holds an element that is not an object")
            }
            objects.append(object)
        }
        return objects
    }

    private static func string(_ object: JSONObject, _ key: String, column: String) throws(StoreError) -> String {
        guard let value = object[key]?.stringValue else {
            throw StoreError.invalidData("column \(column) lacks the string \"\(key)\"")
        }
        return value
    }
}

/// Enumerations stored by raw value; an unknown value is data from a newer program.
func decodeEnum<E: RawRepresentable>(_ type: E.Type, _ raw: String, column: String) throws(StoreError) -> E
where E.RawValue == String {
    guard let value = E(rawValue: raw) else {
        throw StoreError.invalidData("column \(column) holds unknown value \"\(raw)\"")
    }
    return value
}
