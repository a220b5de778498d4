/// A CloudEvents 1.0 event as carried on Kafka. Attributes the contract names have
/// their own fields; everything else (`matter`, `inreplyto`, ...) is an extension.
public struct CloudEvent: Sendable, Hashable {
    public var id: String
    public var source: String
    public var type: String
    public var time: String?
    public var subject: String?
    public var contentType: String?
    public var extensions: [String: String]
    public var data: [UInt8]

    public init(id: String, source: String, type: String, time: String? = nil, subject: String? = nil,
                contentType: String? = nil, extensions: [String: String] = [:], data: [UInt8] = []) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.contentType = contentType
        self.extensions = extensions
        self.data = data
    }
}

/// Why a Kafka message is not a usable CloudEvent; each case carries one sentence.
public enum CloudEventError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingAttribute(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .missingAttribute(let reason), .malformed(let reason): return reason
        }
    }
}
