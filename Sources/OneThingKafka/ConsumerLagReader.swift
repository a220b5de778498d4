import CRdKafka

/// Reads the lag of every assigned partition with local calls only: `rd_kafka_assignment`
/// (answered by librdkafka's own main thread, no network), `rd_kafka_position` and
/// `rd_kafka_get_watermark_offsets` (both read the partition's cached state under its
/// lock). Runs on the consumer's thread like every other call on the handle.
enum ConsumerLagReader {
    /// `committed`: offsets this member committed since each partition was assigned.
    static func read(_ rk: OpaquePointer, committed: [TopicPartition: Int64]) -> Result<[PartitionLag], KafkaError> {
        var assignment: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let error = rd_kafka_assignment(rk, &assignment)
        // The list is ours whatever the result; destroy it on every path.
        defer { if let assignment { rd_kafka_topic_partition_list_destroy(assignment) } }
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            return .failure(KafkaError(error, detail: "cannot read the consumer's assignment"))
        }
        guard let assignment, assignment.pointee.cnt > 0, let elements = assignment.pointee.elems else {
            return .success([])
        }
        // Fills each element's offset with the position (or RD_KAFKA_OFFSET_INVALID) and its err.
        let positionError = rd_kafka_position(rk, assignment)
        if positionError != RD_KAFKA_RESP_ERR_NO_ERROR {
            return .failure(KafkaError(positionError, detail: "cannot read the consumer's positions"))
        }
        var lags: [PartitionLag] = []
        for index in 0..<Int(assignment.pointee.cnt) {
            let element = elements[index]
            guard let topicName = element.topic else { continue }
            let key = TopicPartition(topic: String(cString: topicName), partition: element.partition)
            var low = Int64(RD_KAFKA_OFFSET_INVALID)
            var high = Int64(RD_KAFKA_OFFSET_INVALID)
            guard rd_kafka_get_watermark_offsets(rk, topicName, element.partition, &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR,
                  high >= 0 else { continue }   // no fetch response yet: the end is unknown
            let position = element.err == RD_KAFKA_RESP_ERR_NO_ERROR ? element.offset : Int64(RD_KAFKA_OFFSET_INVALID)
            let start: Int64
            let basis: PartitionLag.Basis
            if let offset = committed[key], offset >= 0 {
                (start, basis) = (offset, .committed)
            } else if position >= 0 {
                (start, basis) = (position, .position)
            } else if low >= 0 && low == high {
                (start, basis) = (high, .emptyPartition)
            } else {
                continue   // records there, but nothing read or committed by this member yet
            }
            lags.append(PartitionLag(topic: key.topic, partition: key.partition, highWatermark: high,
                                     start: start, basis: basis))
        }
        return .success(lags.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) })
    }
}
