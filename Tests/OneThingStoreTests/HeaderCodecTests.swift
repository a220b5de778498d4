import Testing
@testable import OneThingStore

@Suite struct HeaderCodecTests {
    @Test func roundTripsAnyKeyAndValueExactly() throws {
        let headers = [StoredHeader(key: "ce_id", value: Array("A1:M10:r1".utf8)),
                       StoredHeader(key: "", value: []),
                       StoredHeader(key: "部门", value: [0, 255, 10, 0]),
                       StoredHeader(key: "ce_id", value: [1])]
        let bytes = HeaderCodec.encode(headers)
        // 4 + 5 + 4 + 9, 4 + 0 + 4 + 0, 4 + 6 + 4 + 4, 4 + 5 + 4 + 1 bytes.
        #expect(bytes.count == 22 + 8 + 18 + 14)
        #expect(Array(bytes.prefix(9)) == [0, 0, 0, 5] + Array("ce_id".utf8))
        #expect(try HeaderCodec.decode(bytes) == headers)
        #expect(try HeaderCodec.decode([]) == [])
    }

    @Test func truncatedBytesAreInvalidData() {
        let bytes = HeaderCodec.encode([StoredHeader(key: "ce_id", value: [1, 2, 3])])
        for cut in [1, 3, 6, bytes.count - 1] {
            #expect(throws: StoreError.self) { try HeaderCodec.decode(Array(bytes.prefix(cut))) }
        }
    }
}
