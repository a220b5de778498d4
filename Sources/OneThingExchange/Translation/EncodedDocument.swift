/// A document ready for a Kafka value, with the content type for its header.
public struct EncodedDocument: Sendable, Hashable {
    public let contentType: String
    public let body: [UInt8]

    public init(contentType: String, body: [UInt8]) {
        self.contentType = contentType
        self.body = body
    }
}
