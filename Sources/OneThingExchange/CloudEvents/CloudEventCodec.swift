import Foundation

/// The CloudEvents Kafka protocol binding (binary and structured content modes) as the
/// contract fixes it. Binary mode is what the hub writes; structured mode is accepted on
/// intake and written by channel simulators and tests.
public enum CloudEventCodec {
    static let specVersion = "1.0"
    static let structuredContentType = "application/cloudevents+json"
    static let headerPrefix = "ce_"
    static let contentTypeHeader = "content-type"
    static let reservedAttributes: Set<String> = ["specversion", "id", "source", "type", "time", "subject",
                                                  "datacontenttype", "data", "data_base64", "dataschema"]

    /// Decodes a message in either mode: structured when the `content-type` header says
    /// `application/cloudevents+json`, binary otherwise.
    public static func decode(headers: [(key: String, value: [UInt8]?)], value: [UInt8]?) throws(CloudEventError) -> CloudEvent {
        var attributes: [String: String] = [:]
        attributes.reserveCapacity(headers.count)
        var contentType: String?
        for header in headers {
            guard let bytes = header.value else { continue }
            let key = lowercased(header.key)
            guard let text = text(of: bytes) else {
                throw .malformed("Header \(header.key) is not valid UTF-8.")
            }
            if key == contentTypeHeader {
                contentType = text
            } else if key.utf8.starts(with: headerPrefix.utf8) {
                let name = String(Substring(key.utf8.dropFirst(headerPrefix.utf8.count)))
                guard !name.isEmpty else { continue }
                attributes[name] = text
            }
        }
        if let contentType, lowercased(contentType).hasPrefix(structuredContentType) {
            return try decodeStructured(value ?? [])
        }
        return try makeEvent(attributes: attributes, contentType: contentType, data: value ?? [])
    }

    /// Header names and values are ASCII in practice: take that path without the general
    /// Unicode machinery (every message has eight headers).
    private static func lowercased(_ text: String) -> String {
        text.utf8.contains { $0 >= UInt8(ascii: "A") && ($0 <= UInt8(ascii: "Z") || $0 >= 0x80) } ? text.lowercased() : text
    }

    /// The header value as text; nil when it is not UTF-8.
    private static func text(of bytes: [UInt8]) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func makeEvent(attributes: [String: String], contentType: String?, data: [UInt8]) throws(CloudEventError) -> CloudEvent {
        guard let version = attributes["specversion"] else {
            throw .missingAttribute("The event has no specversion attribute (ce_specversion).")
        }
        guard version == specVersion else {
            throw .malformed("The event's specversion is \(version), not \(specVersion).")
        }
        func required(_ name: String) throws(CloudEventError) -> String {
            guard let value = attributes[name], !value.isEmpty else {
                throw .missingAttribute("The event has no \(name) attribute (ce_\(name)).")
            }
            return value
        }
        let id = try required("id")
        let source = try required("source")
        let type = try required("type")
        var extensions: [String: String] = [:]
        for (name, value) in attributes where !reservedAttributes.contains(name) { extensions[name] = value }
        return CloudEvent(id: id, source: source, type: type, time: attributes["time"], subject: attributes["subject"],
                          contentType: contentType, extensions: extensions, data: data)
    }

    private static func decodeStructured(_ value: [UInt8]) throws(CloudEventError) -> CloudEvent {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: value)
        } catch {
            throw .malformed("The structured event is not JSON (\(error.description)).")
        }
        guard let object = document.objectValue else { throw .malformed("The structured event is not a JSON object.") }
        var attributes: [String: String] = [:]
        for (key, attribute) in object where key != "data" && key != "data_base64" {
            switch attribute {
            case .string(let s): attributes[key] = s
            case .int(let i): attributes[key] = String(i)
            case .bool(let b): attributes[key] = b ? "true" : "false"
            case .null: continue
            default: throw .malformed("The attribute \(key) of the structured event is not a scalar.")
            }
        }
        let contentType = attributes["datacontenttype"]
        var data: [UInt8] = []
        if let base64 = object["data_base64"] {
            guard let text = base64.stringValue, let decoded = Data(base64Encoded: text) else {
                throw .malformed("The data_base64 of the structured event is not base64.")
            }
            data = Array(decoded)
        } else if let payload = object["data"] {
            if case .string(let text) = payload, !(contentType.map(isJSON) ?? true) {
                data = Array(text.utf8)  // e.g. XML carried as a string
            } else {
                data = payload.serialized()
            }
        }
        return try makeEvent(attributes: attributes, contentType: contentType, data: data)
    }

    static func isJSON(_ contentType: String) -> Bool {
        let base = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return base == "application/json" || base.hasSuffix("+json")
    }

    /// Binary mode: attributes as `ce_*` headers (extensions sorted by name so the output
    /// is stable), the data as the value.
    public static func encodeBinary(_ event: CloudEvent) -> (headers: [(key: String, value: [UInt8])], value: [UInt8]) {
        var headers: [(key: String, value: [UInt8])] = [
            ("ce_specversion", Array(specVersion.utf8)),
            ("ce_id", Array(event.id.utf8)),
            ("ce_source", Array(event.source.utf8)),
            ("ce_type", Array(event.type.utf8)),
        ]
        if let time = event.time { headers.append(("ce_time", Array(time.utf8))) }
        if let subject = event.subject { headers.append(("ce_subject", Array(subject.utf8))) }
        if let contentType = event.contentType { headers.append((contentTypeHeader, Array(contentType.utf8))) }
        for name in event.extensions.keys.sorted() {
            if let value = event.extensions[name] { headers.append((headerPrefix + name, Array(value.utf8))) }
        }
        return (headers, event.data)
    }

    /// Structured mode: one JSON document. JSON data is embedded as JSON, other text as a
    /// string, anything that is not UTF-8 as `data_base64`.
    public static func encodeStructured(_ event: CloudEvent) -> [UInt8] {
        var object = JSONObject()
        object["specversion"] = .string(specVersion)
        object["id"] = .string(event.id)
        object["source"] = .string(event.source)
        object["type"] = .string(event.type)
        if let time = event.time { object["time"] = .string(time) }
        if let subject = event.subject { object["subject"] = .string(subject) }
        if let contentType = event.contentType { object["datacontenttype"] = .string(contentType) }
        for name in event.extensions.keys.sorted() where !reservedAttributes.contains(name) {
            if let value = event.extensions[name] { object[name] = .string(value) }
        }
        if !event.data.isEmpty {
            if event.contentType.map(isJSON) ?? true, let json = try? JSONValue(parsing: event.data) {
                object["data"] = json
            } else if let text = String(validating: event.data, as: UTF8.self) {
                object["data"] = .string(text)
            } else {
                object["data_base64"] = .string(Data(event.data).base64EncodedString())
            }
        }
        return JSONValue.object(object).serialized()
    }
}
