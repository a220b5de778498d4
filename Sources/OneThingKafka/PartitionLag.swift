/// How far this consumer is behind the end of one partition assigned to it.
///
/// `lag = highWatermark - start`, never negative, where `start` ("next to read") is, in
/// this order of preference (`basis`):
/// 1. `.committed`: the last offset this consumer committed for the partition since it was
///    assigned (tracked by `commit`; librdkafka keeps no committed offset it would hand
///    out without asking the broker, and asking would mean a network round trip);
/// 2. `.position`: nothing committed yet by this member: the consumer's position (the
///    offset after the last record handed to the application, `rd_kafka_position`);
/// 3. `.emptyPartition`: neither is known, but the partition holds no record (its low and
///    high watermarks are equal), so whatever the group committed, nothing is waiting.
///
/// A partition is **left out** when its high watermark is still unknown (no fetch response
/// yet) or when none of the three starts is known (assigned, records present, but nothing
/// read or committed by this member yet): librdkafka reports these as
/// `RD_KAFKA_OFFSET_INVALID` (-1001), and a lag computed from that would be garbage.
///
/// The high watermark is librdkafka's cached value from the latest fetch response for the
/// partition. Fetch requests go out continuously while the local queue has room, so it is
/// as fresh as the fetch loop (`fetch.wait.max.ms`); it goes stale only while the
/// application leaves the queue full (then the lag is a lower bound).
public struct PartitionLag: Sendable, Hashable {
    /// Where `start` came from.
    public enum Basis: String, Sendable, Hashable {
        case committed
        case position
        case emptyPartition = "empty-partition"
    }

    public let topic: String
    public let partition: Int32
    /// The offset the next record produced to the partition will get.
    public let highWatermark: Int64
    /// The next offset to read, as `basis` says.
    public let start: Int64
    public let basis: Basis
    /// Records between `start` and the end of the partition (0 when `start` is past a stale watermark).
    public var lag: Int64 { max(0, highWatermark - start) }

    public init(topic: String, partition: Int32, highWatermark: Int64, start: Int64, basis: Basis) {
        self.topic = topic
        self.partition = partition
        self.highWatermark = highWatermark
        self.start = start
        self.basis = basis
    }
}
