/// Kafka's key-to-partition function, as the Java client's default partitioner and
/// librdkafka's `murmur2` / `murmur2_random` partitioners compute it:
/// `(murmur2(key) & 0x7fffffff) % partitionCount`.
///
/// The hub needs it in Swift, not only inside librdkafka, because it decides which
/// partition owns an application (and so which instance) before anything is produced:
/// an input that arrived on another partition (a sender hashing with CRC32) is forwarded
/// to the owner. Pure; no librdkafka call.
public enum KeyPartitioner {
    /// Java's `org.apache.kafka.common.utils.Utils.murmur2` (MurmurHash2, seed
    /// 0x9747b28c), bit for bit, as a signed 32-bit value like Java's `int`.
    public static func murmur2<Bytes: Collection<UInt8>>(_ data: Bytes) -> Int32 where Bytes.Index == Int {
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = data.count
        let start = data.startIndex
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        var index = 0
        while index + 4 <= length {
            var k = UInt32(data[start + index])
                | UInt32(data[start + index + 1]) << 8
                | UInt32(data[start + index + 2]) << 16
                | UInt32(data[start + index + 3]) << 24
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
            index += 4
        }
        let tail = length - index
        if tail == 3 { h ^= UInt32(data[start + index + 2]) << 16 }
        if tail >= 2 { h ^= UInt32(data[start + index + 1]) << 8 }
        if tail >= 1 {
            h ^= UInt32(data[start + index])
            h &*= m
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// The partition a keyed record lands on with murmur2 partitioning; `partitionCount` >= 1.
    public static func partition<Bytes: Collection<UInt8>>(forKey key: Bytes, partitionCount: Int32) -> Int32
        where Bytes.Index == Int {
        let positive = UInt32(bitPattern: murmur2(key)) & 0x7fff_ffff
        return Int32(positive % UInt32(max(1, partitionCount)))
    }

    /// `partition(forKey:)` of a text key's UTF-8 bytes (how the hub keys by application id).
    public static func partition(forKey key: String, partitionCount: Int32) -> Int32 {
        partition(forKey: Array(key.utf8), partitionCount: partitionCount)
    }
}
