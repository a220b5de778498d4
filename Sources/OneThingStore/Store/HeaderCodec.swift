/// Kafka headers in one BLOB column: for each header, the key's and the value's byte
/// lengths as 4-byte big-endian integers, each followed by its bytes. Binary because
/// header values are arbitrary bytes; compact and exact both ways.
enum HeaderCodec {
    static func encode(_ headers: [StoredHeader]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headers.reduce(0) { $0 + 8 + $1.key.utf8.count + $1.value.count })
        for header in headers {
            // The key's UTF-8 view goes in as it is: no array of its own per header (an
            // outbox row carries ~10 headers, so this is on the store's hot path).
            appendLength(header.key.utf8.count, to: &bytes)
            bytes.append(contentsOf: header.key.utf8)
            appendLength(header.value.count, to: &bytes)
            bytes.append(contentsOf: header.value)
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) throws(StoreError) -> [StoredHeader] {
        var headers: [StoredHeader] = []
        var index = 0
        while index < bytes.count {
            let key = try field(bytes, &index)
            let value = try field(bytes, &index)
            headers.append(StoredHeader(key: String(decoding: key, as: UTF8.self), value: value))
        }
        return headers
    }

    private static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        let count = UInt32(truncatingIfNeeded: length)
        bytes.append(UInt8(truncatingIfNeeded: count >> 24))
        bytes.append(UInt8(truncatingIfNeeded: count >> 16))
        bytes.append(UInt8(truncatingIfNeeded: count >> 8))
        bytes.append(UInt8(truncatingIfNeeded: count))
    }

    private static func field(_ bytes: [UInt8], _ index: inout Int) throws(StoreError) -> [UInt8] {
        guard bytes.count - index >= 4 else { throw StoreError.invalidData("stored headers are truncated") }
        let count = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
        index += 4
        guard bytes.count - index >= count else { throw StoreError.invalidData("stored headers are truncated") }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }
}
