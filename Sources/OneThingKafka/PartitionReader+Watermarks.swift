import CRdKafka
import Foundation

extension PartitionReader {
    /// The longest one watermark query blocks before `shouldStop` is asked again.
    static let watermarkSlice: Duration = .milliseconds(500)

    /// A partition's low and high watermarks, asked of its leader in slices of
    /// `watermarkSlice` for up to `timeout` in all, with `shouldStop` asked before each;
    /// a timeout or a transport failure is asked again until `timeout` has passed.
    ///
    /// Why slices: the query waits for the partition's leader, and a leader that is down
    /// (a partial outage: the group's coordinator up, the state topic's leader not) holds
    /// it for the whole timeout, once per partition. A reader that blocks so long inside
    /// the consumer's rebalance callback would hold a stop back far beyond its 10 s.
    static func watermarks(_ rk: OpaquePointer, topic: String, partition: Int32, timeout: Duration,
                           shouldStop: () -> Bool) throws -> (low: Int64, high: Int64) {
        let deadline = ContinuousClock.now + timeout
        while true {
            if shouldStop() { throw Stopped() }
            let slice = min(watermarkSlice, max(deadline - ContinuousClock.now, .milliseconds(1)))
            var low: Int64 = 0, high: Int64 = 0
            let error = rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, slice.milliseconds)
            if error == RD_KAFKA_RESP_ERR_NO_ERROR { return (low, high) }
            // A leader that is down answers with a timeout or a transport failure:
            // both may pass, so both are asked again until the deadline.
            let kind = KafkaError.kind(of: error)
            guard kind == .timeout || kind == .transport, ContinuousClock.now < deadline else {
                throw KafkaError(error, detail: "cannot read the end of \(topic)[\(partition)]")
            }
        }
    }
}
