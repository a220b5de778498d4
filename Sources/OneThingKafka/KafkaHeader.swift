import CRdKafka

/// One Kafka record header. A `nil` value is a null header (distinct from an empty one).
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}

extension KafkaHeader {
    /// Builds an owned `rd_kafka_headers_t` (caller owns it until librdkafka takes it on a
    /// successful produce; on failure the caller must `rd_kafka_headers_destroy` it).
    /// Returns nil when there are no headers, which librdkafka accepts.
    static func makeNativeList(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            // The name goes with its length: passing the String as a C string made a
            // NUL-terminated copy of every name (most of this function's cost).
            // An empty name goes as a one-byte buffer of length 0: never a nil pointer.
            var name = header.key.isEmpty ? "\0" : header.key
            let nameLength = header.key.utf8.count
            name.withUTF8 { nameBytes in
                nameBytes.withMemoryRebound(to: CChar.self) { cName in
                    if let value = header.value {
                        value.withUnsafeBytes { bytes in
                            _ = rd_kafka_header_add(list, cName.baseAddress, nameLength, bytes.baseAddress, bytes.count)
                        }
                    } else {
                        _ = rd_kafka_header_add(list, cName.baseAddress, nameLength, nil, 0)
                    }
                }
            }
        }
        return list
    }

    /// Copies the headers of a message librdkafka owns (the list stays owned by the message).
    static func copyAll(from message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR,
              let list else { return [] }
        var result: [KafkaHeader] = []
        result.reserveCapacity(rd_kafka_header_cnt(list))
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let key = name.map { String(cString: $0) } ?? ""
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(key: key, value: bytes))
            index += 1
        }
        return result
    }
}
